// Runs the content manager's own format (admin/cms-frontmatter.js of a built site) for the
// tests: a JSON list of requests on stdin, a JSON list of answers on stdout.
//   {"read": text}                          -> the values Decap's form gets (dates as {"$date"})
//   {"write": values, "file": text|null, "order": [keys]} -> the file Decap saves
import { pathToFileURL } from 'url';

const { internals } = await import(pathToFileURL(process.argv[2]).href);
const { fromFile, toFile, SOURCE } = internals;
const toJSON = value => JSON.parse(JSON.stringify(value, function encode(key, item) {
  return this[key] instanceof Date ? { $date: this[key].toISOString() } : item;
}));
const revive = value => JSON.parse(JSON.stringify(value), (key, item) =>
  item && typeof item === 'object' && '$date' in item ? new Date(item.$date) : item);

let input = '';
for await (const chunk of process.stdin) input += chunk;
const answers = JSON.parse(input).map(request => {
  try {
    if ('read' in request) {
      const { [SOURCE]: source, ...values } = fromFile(request.read);
      return { values: toJSON(values) };
    }
    const values = revive(request.write);
    if (request.file !== null) values[SOURCE] = fromFile(request.file)[SOURCE];
    return { text: toFile(values, request.order || []) };
  } catch (error) {
    return { error: String(error && error.stack || error) };
  }
});
process.stdout.write(JSON.stringify(answers));
