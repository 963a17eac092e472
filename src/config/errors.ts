/** A config that cannot be used: the message names the file, the key and the line. Exit code 2. */
export class ConfigError extends Error {}
