import { createServer, Server } from "http";
import { AddressInfo } from "net";
import { METRICS } from "../../../src/alerts/conventions";

/** The path the seed's services expose their metrics at (seed §8, "Alertes manquantes"). */
export const METRICS_PATH = "/prometheus/metrics-http";

type Series = { help: string; type: "counter" | "gauge" | "histogram"; samples: Map<string, number> };

// A healthy service: traffic answered 200, no breach. Counters stay flat, so
// every rate is 0 and every ratio of rates NaN, which never fires.
function healthy(): Map<string, Series> {
  const series = new Map<string, Series>();
  const add = (name: string, type: Series["type"], samples: Record<string, number>) =>
    series.set(name, { help: `${name} of the stand-in service`, type, samples: new Map(Object.entries(samples)) });
  add(METRICS.apiLatencyBreaches, "counter", { "": 0 });
  add(METRICS.apiErrorBreaches, "counter", { "": 0 });
  add(METRICS.apiAvailabilityBreaches, "counter", { "": 0 });
  add(METRICS.apiRequestDuration, "histogram", {
    '_bucket{le="0.1"}': 90,
    '_bucket{le="0.5"}': 100,
    '_bucket{le="2"}': 100,
    '_bucket{le="+Inf"}': 100,
    _sum: 6,
    _count: 100,
  });
  add(METRICS.dispatchBreaches, "counter", { "": 0 });
  add(METRICS.dispatchSeverity, "gauge", { "": 0 });
  add(METRICS.dispatchShouldAlert, "gauge", { "": 0 });
  add(METRICS.httpRequests, "counter", {
    '{path="/api/orders",status="200"}': 1000,
    '{path="/health",status="200"}': 60,
  });
  return series;
}

/** A stand-in for an instrumented service: the seed's metrics at METRICS_PATH, set by the test. */
export class MetricsApp {
  private readonly series = healthy();

  private constructor(
    private readonly server: Server,
    /** `host:port` for a scrape config. */
    readonly target: string,
  ) {}

  static async start(): Promise<MetricsApp> {
    // Nobody can scrape before the port is known, so `app` is set by then.
    const server = createServer((req, res) => {
      if (req.url !== METRICS_PATH) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(app.exposition());
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", resolve);
    });
    const app = new MetricsApp(server, `127.0.0.1:${(server.address() as AddressInfo).port}`);
    return app;
  }

  /** Sets an unlabelled gauge or counter of the seed, such as dispatch_slo_breach_severity. */
  set(metric: string, value: number): void {
    const series = this.series.get(metric);
    if (!series?.samples.has("")) {
      throw new Error(`${metric} is not an unlabelled metric of the stand-in service`);
    }
    series.samples.set("", value);
  }

  private exposition(): string {
    const lines: string[] = [];
    for (const [name, s] of this.series) {
      lines.push(`# HELP ${name} ${s.help}`, `# TYPE ${name} ${s.type}`);
      for (const [suffix, value] of s.samples) {
        lines.push(`${name}${suffix} ${value}`);
      }
    }
    return `${lines.join("\n")}\n`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
