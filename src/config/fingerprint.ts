/**
 * SHA-256 of src/config/schema.ts. The cached, already-validated config is keyed on it, so a change to the
 * schema invalidates every cache; test/config/config.test.ts fails until this is updated after an edit.
 */
export const SCHEMA_FINGERPRINT = 'f2ebef25f0f0cb271385fd2605f5bda2c0d301965c2663646228c4f1e92a6a53';
