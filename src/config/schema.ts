/**
 * The shape of `newsmirror.yaml` (DESIGN 4), validated with zod. Unknown keys are errors.
 */
import { z } from 'zod';
import { segmentProblem } from '../archive/paths.js';
import { Calendar } from '../archive/timezone.js';
import { isImageProxyTemplate } from '../content/image-proxy.js';
import { regexProblem } from '../feed/filter.js';

const segment = z.string().superRefine((text, ctx) => {
  const problem = segmentProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: `"${text}" ${problem}: it must be usable as a folder or file name` });
});

const timeZone = z.string().superRefine((zone, ctx) => {
  try {
    Calendar.validate(zone);
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${zone}" is not an IANA time zone (for example Asia/Shanghai)` });
  }
});

/** `none`, or a URL with `{url}` where the URL-encoded original goes. */
const imageProxy = z.string().refine(isImageProxyTemplate, 'must be "none" or a URL template containing {url}, such as "https://images.weserv.nl/?url={url}"');

const pattern = z.string().superRefine((text, ctx) => {
  const problem = regexProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: `not a regular expression: ${problem}` });
});

/** At least one of title / category. */
const filterRule = z
  .object({ title: pattern.optional(), category: pattern.optional() })
  .strict()
  .refine((rule) => rule.title !== undefined || rule.category !== undefined, 'give title, category or both');

export const sourceSchema = z
  .object({
    id: segment,
    name: segment,
    // `none`: no feed (the `web` source `add` creates); such a source only gets articles from `newsmirror add`.
    feed: z.string().min(1, 'feed must be a URL, a path, or none'),
    numbering: z.enum(['countdown', 'wp-post-xor']).default('countdown'),
    dedupeTitles: z.boolean().default(false),
    enabled: z.boolean().default(true),
    // Unset: the global imageProxy. Feed bodies are otherwise kept exactly as published (DESIGN 2.1).
    imageProxy: imageProxy.optional(),
    // feed: the feed's body; page: the article page's, extracted; auto: the page's when the feed's is too short.
    fullText: z.enum(['feed', 'page', 'auto']).default('feed'),
    minText: z.number().int().min(1).optional(),
    // Remove the outlet rule's drop selectors (ads, related blocks) from feed bodies too.
    clean: z.boolean().default(false),
    include: filterRule.optional(),
    exclude: filterRule.optional(),
  })
  .strict();

export const httpSchema = z
  .object({
    connectTimeoutMs: z.number().int().positive().default(10_000),
    timeoutMs: z.number().int().positive().default(60_000),
    retries: z.number().int().min(0).max(10).default(3),
    retryBaseMs: z.number().int().min(0).default(500),
    maxBodyBytes: z.number().int().positive().default(20 * 1024 * 1024),
    perHost: z.number().int().min(1).max(16).default(2),
    userAgent: z.string().min(1).optional(),
  })
  .strict();

const remoteName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'a remote name is letters, digits, ".", "_", "-" or "/"');

/** A git remote by name, or a name and URL for a mirror that a fresh checkout (CI) has no remote for. */
export const remoteSchema = z.union([remoteName, z.object({ name: remoteName, url: z.string().min(1, 'url must be a git URL or path') }).strict()]);

export const publishSchema = z
  .object({
    /** Commit author; default: git's configured identity, else newsmirror <newsmirror@localhost>. */
    author: z.object({ name: z.string().trim().min(1), email: z.string().trim().min(1) }).strict().optional(),
    /** Where --push pushes, in order; default: every remote of the repository. */
    remotes: z.array(remoteSchema).min(1, 'list at least one remote, or leave remotes out to push to all').optional(),
    /** Per git command that talks to a remote (fetch, push): a blocked host must not stall the hourly job. */
    timeoutMs: z.number().int().positive().default(120_000),
  })
  .strict()
  .superRefine((publish, ctx) => {
    const seen = new Set<string>();
    publish.remotes?.forEach((remote, index) => {
      const name = typeof remote === 'string' ? remote : remote.name;
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path: ['remotes', index], message: `remote "${name}" is listed twice` });
      seen.add(name);
    });
  });

export const configSchema = z
  .object({
    timezone: timeZone.default('Asia/Shanghai'),
    listLimit: z.number().int().min(1).max(100_000).default(300),
    // monthly keeps folders small for git hosts (articles/<id>/<YYYY>/<MM>/<n>.md); flat is the existing archive's.
    layout: z.enum(['flat', 'monthly']).default('flat'),
    imageProxy: imageProxy.default('none'),
    // Text characters (white space not counted) below which an extracted page is no article.
    minText: z.number().int().min(1).default(200),
    http: httpSchema.default(() => httpSchema.parse({})),
    publish: publishSchema.default(() => publishSchema.parse({})),
    sources: z.array(sourceSchema).min(1, 'list at least one source'),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const key of ['id', 'name'] as const) {
      const seen = new Map<string, number>();
      config.sources.forEach((source, index) => {
        const first = seen.get(source[key]);
        if (first !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['sources', index, key], message: `duplicate ${key} "${source[key]}" (also sources[${first}])` });
        } else {
          seen.set(source[key], index);
        }
      });
    }
  });

export type Config = z.infer<typeof configSchema>;
export type SourceConfig = z.infer<typeof sourceSchema>;
export type HttpConfig = z.infer<typeof httpSchema>;
export type PublishConfig = z.infer<typeof publishSchema>;
export type RemoteConfig = z.infer<typeof remoteSchema>;
