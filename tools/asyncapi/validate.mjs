// Validates an AsyncAPI document the way `asyncapi validate` (the AsyncAPI CLI) does: the AsyncAPI parser with its
// built-in rule set (the spec's JSON Schema, references, governance rules). AsyncAPI 3's rule set does not check
// message examples, so this script also validates every example's payload against its message's payload schema
// (ajv, as the parser does for 2.x documents). Prints every problem as file:line:col severity code message (path);
// exits 1 when there is an error or a warning, 2 when the file cannot be read.
import { Parser, fromFile } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const SEVERITY = ['error', 'warning', 'information', 'hint'];
const file = process.argv[2];
if (!file) {
  console.error('usage: node validate.mjs <asyncapi.yaml>');
  process.exit(2);
}
let result;
try {
  result = await fromFile(new Parser(), file).parse();
} catch (e) {
  console.error(`cannot read ${file}: ${e.message}`);
  process.exit(2);
}
let failures = 0;
for (const d of result.diagnostics) {
  const start = d.range?.start ?? { line: 0, character: 0 };
  const path = d.path?.length ? ` (${d.path.join('/')})` : '';
  console.log(`${file}:${start.line + 1}:${start.character + 1} ${SEVERITY[d.severity] ?? d.severity} ${d.code} ${d.message}${path}`);
  if (d.severity <= 1) {
    failures++;
  }
}
if (result.document) {
  failures += checkExamples(result.document);
}
console.log(failures === 0 ? `${file}: valid AsyncAPI` : `${file}: ${failures} error(s)/warning(s)`);
process.exit(failures === 0 ? 0 : 1);

/** Every example payload of every message must match the message's payload schema. */
function checkExamples(document) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  let problems = 0;
  for (const message of document.components().messages().all()) {
    const payload = message.payload();
    if (!payload) {
      continue;
    }
    const validate = ajv.compile(payload.json());
    message.examples().all().forEach((example, i) => {
      if (example.hasPayload() && !validate(example.payload())) {
        for (const e of validate.errors) {
          console.log(`${file} error message-example components/messages/${message.id()}/examples/${i}`
            + ` (${example.name() ?? 'unnamed'}): payload${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
          problems++;
        }
      }
    });
  }
  return problems;
}
