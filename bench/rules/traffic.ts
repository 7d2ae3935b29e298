import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { stringify } from "yaml";
import { SyntheticSeries } from "./data";
import { SlothQueries } from "./sloth-shape";

export const SCRAPE_SECONDS = 30;
export const EVAL_SECONDS = 60;
/** Label sets per SLO: 2 instances × (2xx, 5xx). */
export const INSTANCES = ["a", "b"];
export const OK_PER_SECOND = 5;
/** 0.05% errors: a 0.5x burn at 99.9%. */
export const ERRORS_PER_SECOND = 0.0025;

export function slothQueries(service: string): SlothQueries {
  return {
    errorQuery: `sum(rate(bench_requests_total{service="${service}",code=~"5.."}[{{.window}}]))`,
    totalQuery: `sum(rate(bench_requests_total{service="${service}"}[{{.window}}]))`,
  };
}

/** One Sloth prometheus/v1 file per service, a 99.9% availability SLO each. */
export function writeSlothSpecs(dir: string, services: string[]): void {
  mkdirSync(join(dir, "slos"), { recursive: true });
  for (const service of services) {
    const q = slothQueries(service);
    const spec = {
      version: "prometheus/v1",
      service,
      labels: { owner: "bench" },
      slos: [
        {
          name: "availability",
          objective: 99.9,
          sli: { events: { error_query: q.errorQuery, total_query: q.totalQuery } },
        },
      ],
    };
    writeFileSync(join(dir, "slos", `${service}.yaml`), stringify(spec));
  }
}

/** Per-second rates of good and bad requests of one instance at time t (seconds). */
export type Rates = (t: number) => { ok: number; errors: number };

export const STEADY: Rates = () => ({ ok: OK_PER_SECOND, errors: ERRORS_PER_SECOND });

/** Counters of every instance of a service, one sample a scrape from `start`. */
export function rawSeries(service: string, rates: Rates, start: number): SyntheticSeries[] {
  return INSTANCES.flatMap((instance) => {
    const counter = (code: string, pick: (r: { ok: number; errors: number }) => number): SyntheticSeries => {
      let value = 0;
      return {
        name: "bench_requests_total",
        type: "counter",
        labels: { service, instance, code },
        stepSeconds: SCRAPE_SECONDS,
        value: (step) =>
          step === 0 ? (value = 0) : (value += pick(rates(start + step * SCRAPE_SECONDS)) * SCRAPE_SECONDS),
      };
    };
    return [counter("500", (r) => r.errors), counter("200", (r) => r.ok)];
  });
}
