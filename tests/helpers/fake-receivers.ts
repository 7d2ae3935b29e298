import { EventEmitter } from "events";
import { createServer, IncomingMessage, Server, ServerResponse } from "http";
import { AddressInfo } from "net";

/** An Events API v2 event as Alertmanager sends it. */
export interface PagerDutyEvent {
  routing_key: string;
  dedup_key: string;
  event_action: "trigger" | "acknowledge" | "resolve";
  payload: {
    summary: string;
    source: string;
    severity: string;
    class?: string;
    component?: string;
    group?: string;
    custom_details?: Record<string, string>;
  };
  client?: string;
  client_url?: string;
  links?: Array<{ href: string; text: string }>;
}

export interface Received<T> {
  /** Milliseconds since the epoch when the request arrived. */
  at: number;
  path: string;
  status: number;
  body: T;
}

/** A stretch of time during which every request gets one of `statuses`, in turn. */
export interface Outage {
  ms: number;
  statuses: number[];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString()));
    req.on("error", reject);
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

/** Records requests and lets a test wait on them without polling. */
abstract class Recorder<T> {
  protected readonly changed = new EventEmitter();
  readonly received: Array<Received<T>> = [];

  protected constructor(
    protected readonly server: Server,
    readonly baseUrl: string,
  ) {}

  protected record(entry: Received<T>): void {
    this.received.push(entry);
    this.changed.emit("change");
  }

  /**
   * Resolves with what `find()` returns once that is neither undefined nor
   * false; fails after `timeoutMs` naming `what` and what did arrive.
   */
  waitFor<R>(what: string, find: () => R | undefined | false, timeoutMs: number): Promise<R> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = find();
        if (found === undefined || found === false) {
          return false;
        }
        clearTimeout(timer);
        this.changed.off("change", check);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        this.changed.off("change", check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; received ${this.describe()}`));
      }, timeoutMs);
      if (!check()) {
        this.changed.on("change", check);
      }
    });
  }

  protected abstract describe(): string;

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

// What PagerDuty itself refuses with 400, so a template that renders an empty
// or invalid field fails here as it would in production.
const SEVERITIES = ["critical", "error", "warning", "info"];
function invalidEvent(e: Partial<PagerDutyEvent>): string[] {
  const errors: string[] = [];
  if (typeof e.routing_key !== "string" || e.routing_key.length !== 32) {
    errors.push("routing_key must be a 32 character integration key");
  }
  if (!["trigger", "acknowledge", "resolve"].includes(String(e.event_action))) {
    errors.push("event_action must be trigger, acknowledge or resolve");
  }
  if (e.event_action !== "trigger" && !e.dedup_key) {
    errors.push("dedup_key is required to acknowledge or resolve");
  }
  if (e.event_action === "trigger") {
    const p = e.payload;
    if (!p?.summary || p.summary.length > 1024) errors.push("payload.summary must be 1 to 1024 characters");
    if (!p?.source) errors.push("payload.source is required");
    if (!SEVERITIES.includes(String(p?.severity)))
      errors.push(`payload.severity must be one of ${SEVERITIES.join(", ")}`);
  }
  return errors;
}

/**
 * A stand-in for PagerDuty's Events API v2 at `/v2/enqueue`: validates each
 * event as PagerDuty does, records every request (answered or refused), and
 * can answer errors for a stretch of time to play an outage.
 */
export class FakePagerDuty extends Recorder<PagerDutyEvent> {
  private outage: { until: number; statuses: number[]; next: number } | undefined;
  private readonly revoked = new Set<string>();

  private constructor(server: Server, baseUrl: string) {
    super(server, baseUrl);
  }

  static async start(): Promise<FakePagerDuty> {
    // Nobody can call before `listen` returns the port, so `fake` is set by then.
    const server = createServer((req, res) => void fake.handle(req, res));
    const fake = new FakePagerDuty(server, await listen(server));
    return fake;
  }

  /** What to put in `pagerdutyEventsUrl`. */
  get eventsUrl(): string {
    return `${this.baseUrl}/v2/enqueue`;
  }

  /** Answers the outage's statuses, in turn, for `ms` from now; then accepts again. */
  /** From now on every event with `routingKey` gets 400 "Invalid Routing Key", as a deleted integration's key does. */
  revoke(routingKey: string): void {
    this.revoked.add(routingKey);
  }

  failFor(outage: Outage): void {
    this.outage = { until: Date.now() + outage.ms, statuses: outage.statuses, next: 0 };
  }

  /** Requests PagerDuty accepted (202), in arrival order. */
  get accepted(): Array<Received<PagerDutyEvent>> {
    return this.received.filter((r) => r.status === 202);
  }

  get events(): PagerDutyEvent[] {
    return this.accepted.map((r) => r.body);
  }

  get triggers(): PagerDutyEvent[] {
    return this.events.filter((e) => e.event_action === "trigger");
  }

  get resolves(): PagerDutyEvent[] {
    return this.events.filter((e) => e.event_action === "resolve");
  }

  /** How many accepted triggers each dedup key (each incident) got. */
  triggersPerDedupKey(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const t of this.triggers) {
      counts.set(t.dedup_key, (counts.get(t.dedup_key) ?? 0) + 1);
    }
    return counts;
  }

  /** Requests answered with `status`. */
  refused(status: number): Array<Received<PagerDutyEvent>> {
    return this.received.filter((r) => r.status === status);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    const at = Date.now();
    const answer = (status: number, body: Record<string, unknown>, event: PagerDutyEvent) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      this.record({ at, path: req.url ?? "", status, body: event });
    };
    let event: PagerDutyEvent;
    try {
      event = JSON.parse(text) as PagerDutyEvent;
    } catch {
      answer(
        400,
        { status: "invalid event", message: "Event object is invalid", errors: ["body is not JSON"] },
        {} as PagerDutyEvent,
      );
      return;
    }
    if (req.method !== "POST" || req.url !== "/v2/enqueue") {
      answer(404, { status: "not found" }, event);
      return;
    }
    if (this.revoked.has(event.routing_key)) {
      answer(
        400,
        { status: "invalid event", message: "Event object is invalid", errors: ["Invalid Routing Key"] },
        event,
      );
      return;
    }
    if (this.outage && at < this.outage.until) {
      const status = this.outage.statuses[this.outage.next++ % this.outage.statuses.length];
      answer(status, { status: "unavailable", message: "outage played by the test" }, event);
      return;
    }
    const errors = invalidEvent(event);
    if (errors.length > 0) {
      answer(400, { status: "invalid event", message: "Event object is invalid", errors }, event);
      return;
    }
    answer(202, { status: "success", message: "Event processed", dedup_key: event.dedup_key }, event);
  }

  protected describe(): string {
    const summary = this.received.map(
      (r) => `${r.status} ${r.body.event_action} ${r.body.payload?.class ?? ""} ${r.body.dedup_key?.slice(0, 8) ?? ""}`,
    );
    return `${this.received.length} request(s)${summary.length ? `: ${summary.slice(-20).join("; ")}` : ""}`;
  }
}

/** A Slack incoming webhook message as Alertmanager's slack_configs send it. */
export interface SlackMessage {
  channel?: string;
  attachments: Array<{
    title: string;
    title_link: string;
    text: string;
    color: string;
    actions?: Array<{ type: string; text: string; url: string }>;
  }>;
}

/**
 * A stand-in for Slack incoming webhooks and for the heartbeat URL: answers
 * 200 "ok" (what Slack answers) to every POST and records it by path.
 */
export class FakeWebhooks extends Recorder<unknown> {
  private constructor(server: Server, baseUrl: string) {
    super(server, baseUrl);
  }

  static async start(): Promise<FakeWebhooks> {
    // Nobody can call before `listen` returns the port, so `fake` is set by then.
    const server = createServer((req, res) => void fake.handle(req, res));
    const fake = new FakeWebhooks(server, await listen(server));
    return fake;
  }

  url(path: "/slack" | "/heartbeat"): string {
    return `${this.baseUrl}${path}`;
  }

  get slack(): SlackMessage[] {
    return this.received.filter((r) => r.path === "/slack").map((r) => r.body as SlackMessage);
  }

  /** Alertmanager webhook payloads posted to the heartbeat URL. */
  get heartbeats(): Array<{ alerts: Array<{ labels: Record<string, string> }> }> {
    return this.received
      .filter((r) => r.path === "/heartbeat")
      .map((r) => r.body as { alerts: Array<{ labels: Record<string, string> }> });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      res.writeHead(400).end("invalid_payload");
      return;
    }
    res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    this.record({ at: Date.now(), path: req.url ?? "", status: 200, body });
  }

  protected describe(): string {
    return `${this.received.length} message(s) at ${[...new Set(this.received.map((r) => r.path))].join(", ") || "no path"}`;
  }
}
