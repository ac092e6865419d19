// Starts Decap CMS on /admin/ with our format (cms-frontmatter.js), the preview pane in the
// site's look (cms-preview.js) and names Decap leaves out (cms-a11y.js).
//
// Where Decap uses its local backend (on localhost: `nox -s serve`), the preview links ("View
// Live") and the header's link to the site point at the site serving this page, the preview,
// so a volunteer sees a save there; config.yml names the live site, which cannot have it. The
// file is read here and handed to Decap whole, as a local server may send it with a type that
// Decap does not take for YAML (it then ignores the file when given any other settings).
import { nameControls } from './cms-a11y.js';
import { format } from './cms-frontmatter.js';
import { registerPreviews } from './cms-preview.js';
import { YAML } from './yaml/index.js';

const LOCAL = ['localhost', '127.0.0.1']; // Decap's own list for its local backend

if (window.CMS) {
  nameControls();
  window.CMS.registerCustomFormat('csnet-frontmatter', 'md', format);
  const config = YAML.parse(await (await fetch('config.yml')).text());
  registerPreviews(window.CMS, config);
  if (LOCAL.includes(window.location.hostname)) {
    config.site_url = config.display_url = new URL('..', window.location.href).href;
    window.CMS.init({ config: { ...config, load_config_file: false } });
  } else {
    window.CMS.init();
  }
}
