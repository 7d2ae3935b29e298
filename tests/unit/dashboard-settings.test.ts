import { strict as assert } from "assert";
import { parseSettings } from "../../src/settings/parse";
import { settingsProblems, sourceOf, VALID } from "./settings-source";

describe("dashboard settings", () => {
  it("defaults to kube-prometheus-stack's sidecar label in the stack's namespace", () => {
    const settings = parseSettings(sourceOf(VALID));
    assert.deepEqual(settings.dashboards, { enabled: true, label: { name: "grafana_dashboard", value: "1" } });
  });

  it("reads a prefixed label, a namespace, and false", () => {
    const settings = parseSettings(
      sourceOf({
        ...VALID,
        grafanaDashboards: "false",
        grafanaDashboardLabel: "example.com/dashboard = slo",
        grafanaDashboardNamespace: "monitoring",
      }),
    );
    assert.deepEqual(settings.dashboards, {
      enabled: false,
      label: { name: "example.com/dashboard", value: "slo" },
      namespace: "monitoring",
    });
  });

  it("refuses a label without a value, naming the setting and the fix", () => {
    for (const label of ["grafana_dashboard", "grafana_dashboard=", "grafana_dashboard= "]) {
      const message = settingsProblems({ grafanaDashboardLabel: label });
      assert.match(message, /grafanaDashboardLabel: "grafana_dashboard=?" has no value/, label);
      assert.match(message, /fix: run `pulumi config set grafanaDashboardLabel grafana_dashboard=1 --stack dev`/);
    }
  });

  it("refuses label names and values Kubernetes refuses", () => {
    assert.match(settingsProblems({ grafanaDashboardLabel: "-bad=1" }), /"-bad" is not a Kubernetes label name/);
    assert.match(
      settingsProblems({ grafanaDashboardLabel: "Bad_Prefix!/x=1" }),
      /"Bad_Prefix!" is not a DNS subdomain/,
    );
    assert.match(
      settingsProblems({ grafanaDashboardLabel: `grafana_dashboard=${"v".repeat(64)}` }),
      /is not a Kubernetes label value/,
    );
  });

  it("refuses a namespace that is not a DNS-1123 label", () => {
    for (const ns of ["Monitoring", "monitoring_ns", "-monitoring", "m".repeat(64)]) {
      assert.match(
        settingsProblems({ grafanaDashboardNamespace: ns }),
        /grafanaDashboardNamespace: ".+" is not a Kubernetes namespace name \(a DNS-1123 label/,
        ns,
      );
    }
    assert.match(settingsProblems({ grafanaDashboards: "yes" }), /grafanaDashboards: "yes" is not true or false/);
  });
});
