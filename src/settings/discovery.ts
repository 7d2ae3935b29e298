import { SettingReader } from "./reader";

// Dot-separated DNS labels, no trailing dot: the program adds it.
const DOMAIN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;

/** `clusterDomain`: the kubelet's --cluster-domain, the suffix of every Service's DNS name. */
export function parseClusterDomain(r: SettingReader, fallback: string): string {
  return r.string("clusterDomain", fallback, {
    regex: DOMAIN,
    what: "a DNS domain such as cluster.local (lower case, no trailing dot)",
    example: fallback,
  });
}
