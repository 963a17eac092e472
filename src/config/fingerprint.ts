/**
 * SHA-256 of src/config/schema.ts. The cached, already-validated config is keyed on it, so a change to the
 * schema invalidates every cache; test/config/config.test.ts fails until this is updated after an edit.
 */
export const SCHEMA_FINGERPRINT = 'c98e38e70fc64a271bd72a34f663dcbac8737a39d1ee96ed599aa3131cc48f76';
