import { stringify } from "yaml";
import { SloModel } from "../specs/model";
import { SpecRuleContext, SpecRuleGroup, sloRuleGroups } from "./generate";

/** One rule file of spec SLOs: one ConfigMap key and one PrometheusRule object. */
export interface SpecRuleFile {
  /** Object name suffix, e.g. `specs-07` or `specs-07-2`. */
  shard: string;
  fileName: string;
  groups: SpecRuleGroup[];
  /** The YAML, rendered once: sizing and deploying read the same text. */
  text: string;
}

export interface ShardOptions {
  /** Fixed, so adding an SLO never moves another one to a different bucket. */
  buckets: number;
  /**
   * Bytes of rule YAML per object. Kubernetes refuses objects over 1 MiB, and
   * a client-side apply keeps a second copy in the last-applied annotation:
   * half of it leaves room for that and for the object's metadata.
   */
  maxBytes: number;
}

export const DEFAULT_SHARDING: ShardOptions = { buckets: 64, maxBytes: 512 * 1024 };

/** FNV-1a, 32 bits: stable across Node versions and platforms, unlike a salted hash. */
export function bucketOf(name: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(name, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % buckets;
}

export function renderSpecRuleFile(file: Pick<SpecRuleFile, "groups">): string {
  return stringify({ groups: file.groups }, { lineWidth: 0 });
}

/**
 * Rendering YAML is most of the generation time, so SLOs are packed by an
 * estimate (their JSON length, which the block-style YAML of these rules
 * stays within 1.14 times of) and each file is rendered once; a file that
 * still comes out too large is repacked by exact sizes.
 */
const YAML_PER_JSON_BYTE = 1.25;

interface Member {
  name: string;
  groups: SpecRuleGroup[];
  bytes: number;
}

function pack(members: Member[], maxBytes: number): SpecRuleGroup[][] {
  const parts: SpecRuleGroup[][] = [[]];
  let size = 0;
  for (const m of members) {
    if (size + m.bytes > maxBytes && parts[parts.length - 1].length > 0) {
      parts.push([]);
      size = 0;
    }
    parts[parts.length - 1].push(...m.groups);
    size += m.bytes;
  }
  return parts;
}

/**
 * The rule files of the spec SLOs. Each SLO lands in the bucket its name
 * hashes to, so adding or removing one changes that bucket's file only;
 * a bucket larger than `maxBytes` continues in `-2`, `-3`, ... files filled
 * in name order, so an SLO added there changes its file and at most shifts
 * one SLO into the next (two objects) while the bucket holds two files.
 * Empty buckets make no file.
 */
export function shardRuleFiles(
  slos: readonly SloModel[],
  ctx: SpecRuleContext,
  options: ShardOptions = DEFAULT_SHARDING,
): SpecRuleFile[] {
  const buckets = new Map<number, Member[]>();
  for (const slo of slos) {
    const groups = sloRuleGroups(slo, ctx);
    const bytes = Math.ceil(Buffer.byteLength(JSON.stringify({ groups })) * YAML_PER_JSON_BYTE);
    const b = bucketOf(slo.name, options.buckets);
    buckets.set(b, [...(buckets.get(b) ?? []), { name: slo.name, groups, bytes }]);
  }
  const width = String(options.buckets - 1).length;
  return [...buckets.keys()]
    .sort((a, b) => a - b)
    .flatMap((b) => {
      const members = (buckets.get(b) ?? []).sort((x, y) => (x.name < y.name ? -1 : 1));
      let parts = pack(members, options.maxBytes).map((groups) => ({ groups, text: renderSpecRuleFile({ groups }) }));
      if (parts.some((p) => Buffer.byteLength(p.text) > options.maxBytes)) {
        const exact = members.map((m) => ({ ...m, bytes: Buffer.byteLength(renderSpecRuleFile(m)) }));
        const over = exact.find((m) => m.bytes > options.maxBytes);
        if (over) {
          throw new Error(`SLO "${over.name}" renders ${over.bytes} bytes of rules, over ${options.maxBytes}`);
        }
        parts = pack(exact, options.maxBytes).map((groups) => ({ groups, text: renderSpecRuleFile({ groups }) }));
      }
      const base = `specs-${String(b).padStart(width, "0")}`;
      return parts.map(({ groups, text }, i) => {
        const shard = i === 0 ? base : `${base}-${i + 1}`;
        return { shard, fileName: `slo-${shard}.rules.yml`, groups, text };
      });
    });
}
