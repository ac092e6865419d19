// The content manager's preview pane, in the site's own stylesheets and markup: a page's
// header (title, summary, by-line), an event's details and the plan's objective cards with
// their milestones, so a post or a tick is seen as the site will show it before it is live.
// The words and dates the build adds (statuses by date, "On track") stay the build's: the
// preview shows what the entry says, ticked or not.
const STYLES = ['../_static/sphinx-design.min.css', '../_static/csnet-theme.css',
  '../_static/csnet.css'];

function h(...args) {
  return window.h(...args);
}

function day(value) {
  const date = value instanceof Date ? value : new Date(String(value ?? ''));
  if (!value || Number.isNaN(date.getTime())) return String(value ?? '');
  return date.toLocaleDateString(document.documentElement.lang || 'en-GB',
    { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function get(entry, path) {
  const value = entry.getIn(['data', ...path]);
  return value && value.toJS ? value.toJS() : value;
}

function header(entry) {
  const author = get(entry, ['author']);
  const date = get(entry, ['date']);
  return h('div', { className: 'csnet-page-header' },
    get(entry, ['excerpt']) ? h('p', { className: 'lead' }, get(entry, ['excerpt'])) : null,
    author || date ? h('p', { className: 'byline' },
      author ? h('span', { className: 'author' }, `By ${author}`) : null,
      author && date ? ' · ' : null,
      date ? h('span', { className: 'published' }, `Published ${day(date)}`) : null) : null);
}

function eventDetails(entry) {
  const event = get(entry, ['event']);
  if (!event) return null;
  const rows = [['When', event.start && day(event.start)], ['Where', event.location],
    ['Hosted by', event.host], ['Registration', event.link || event.email || event['no-register']]];
  return h('dl', { className: 'simple csnet-details csnet-event-details' },
    ...rows.filter(([, value]) => value).flatMap(([label, value]) =>
      [h('dt', { key: `${label}-t` }, label), h('dd', { key: label }, h('p', {}, String(value)))]));
}

function milestones(objective) {
  const items = objective.milestones || [];
  return h('table', { className: 'csnet-milestones' },
    h('caption', {}, `Milestones: ${objective.objective || ''}`),
    h('thead', {}, h('tr', {}, h('th', {}, 'Milestone'), h('th', {}, 'Target date'),
      h('th', {}, 'Status'))),
    h('tbody', {}, ...items.map((item, index) => {
      const status = item.complete ? 'status-complete' : 'status-due';
      return h('tr', { className: status, key: index },
        h('td', {}, item.milestone || ''), h('td', {}, day(item.date)),
        h('td', {}, h('span', { className: `csnet-status ${status}` },
          item.complete ? 'Complete' : `Due ${day(item.date)}`)));
    })));
}

function objectives(entry) {
  return (get(entry, ['objectives']) || []).map((objective, index) => {
    const all = objective.milestones || [];
    const done = all.filter((item) => item.complete).length;
    return h('details', { className: 'sd-card csnet-objective', open: true, key: index },
      h('summary', { className: 'sd-summary-title sd-card-header' },
        h('h3', { className: 'csnet-objective-title' }, objective.objective || ''),
        h('span', { className: 'csnet-summary-meta' },
          h('span', { className: 'csnet-count' }, `${done} of ${all.length} milestones complete`))),
      h('div', { className: 'sd-card-body' },
        objective.description ? h('p', { className: 'csnet-description' },
          objective.description) : null,
        milestones(objective)));
  });
}

function Page({ entry, widgetFor }) {
  return h('main', { className: 'csnet-main' },
    h('article', { className: 'csnet-body' },
      h('h1', {}, get(entry, ['title']) || ''), header(entry), eventDetails(entry),
      ...objectives(entry), widgetFor('body')));
}

// every collection and file of config.yml gets the one template
export function registerPreviews(CMS, config) {
  for (const style of STYLES) CMS.registerPreviewStyle(style);
  for (const collection of config.collections || []) {
    CMS.registerPreviewTemplate(collection.name, Page);
    for (const file of collection.files || []) CMS.registerPreviewTemplate(file.name, Page);
  }
}
