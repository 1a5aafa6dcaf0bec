import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'fs';
import { join } from 'path';

// The service's published event schemas, kept unchanged in the repo (identical to the copy in
// the shared rum-event-schemas folder), so these tests run wherever the repo is checked out.
const SCHEMAS = join(__dirname, '../../../emulator/schemas');
const ajv = new Ajv2020({ allErrors: true });

/** A validator for one of the service's event schemas (emulator/schemas/<file>). */
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
export const schemaValidator = (file: string) => {
  let validate = compiled.get(file);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')));
    compiled.set(file, validate);
  }
  const v = validate;
  /** The errors of `details` after a JSON round trip (as sent), or [] when it is valid. */
  return (details: unknown) => (v(JSON.parse(JSON.stringify(details))) ? [] : (v.errors ?? []));
};
