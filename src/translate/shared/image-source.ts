import { invalidRequest } from '../../errors/gateway-error.ts';
import type { NeutralImageSource } from '../neutral/neutral-request.ts';

/** The only image types Anthropic accepts. @see https://docs.anthropic.com/en/docs/build-with-claude/vision */
export const ANTHROPIC_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

const DATA_URL = /^data:([^;,]*)(;[^,]*)?,(.*)$/s;

/** An OpenAI `image_url` / Responses `image_url` string as a neutral source: data URLs become base64. */
export function imageSourceFromUrl(url: string): NeutralImageSource {
  const match = DATA_URL.exec(url);
  if (!match) return { kind: 'url', url };
  const mediaType = (match[1] ?? '').toLowerCase();
  const isBase64 = (match[2] ?? '').split(';').includes('base64');
  const payload = match[3] ?? '';
  const data = isBase64 ? payload : Buffer.from(decodeURIComponent(payload), 'utf8').toString('base64');
  return { kind: 'base64', mediaType, data };
}

export function imageSourceToUrl(source: NeutralImageSource): string {
  return source.kind === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
}

/**
 * Anthropic answers an unsupported type with "Unable to download the file"-style errors the client
 * cannot act on, so we refuse it ourselves with a message naming what was found and what works.
 */
export function assertAnthropicImageType(mediaType: string): (typeof ANTHROPIC_IMAGE_TYPES)[number] {
  const normalised = mediaType === 'image/jpg' ? 'image/jpeg' : mediaType;
  const supported = ANTHROPIC_IMAGE_TYPES.find((type) => type === normalised);
  if (supported) return supported;
  throw invalidRequest(
    `Unsupported image type '${mediaType || 'unknown'}' for an Anthropic model: supported types are ${ANTHROPIC_IMAGE_TYPES.join(', ')}`,
  );
}

/** http(s) URLs go to Anthropic as `url` sources; other schemes cannot be fetched by it. */
export function assertFetchableUrl(url: string): string {
  if (/^https?:\/\//i.test(url)) return url;
  throw invalidRequest(`Unsupported image URL scheme in '${url.slice(0, 40)}': use an http(s) URL or a base64 data URL`);
}
