import { strict as assert } from "assert";
import { ProgramFailed, runProgram } from "../helpers/program";
import { renderAsLanguageHost, sourceStillMatches } from "../helpers/language-host";

// Under `pulumi up`, an error the program throws reaches the Node language
// host's uncaught-error handler (@pulumi/pulumi/cmd/run/run.js): a RunError is
// logged as its message alone; anything else goes through util.inspect, which
// prints the error's own properties and its stack frames. Mocks never render,
// so this renders the program's real error the way that handler does.
describe("bad settings as the Pulumi CLI shows them", () => {
  let rendered: string;
  before(async () => {
    const failure = await runProgram("prod", {
      plain: { alertmanagerReplicas: "0", groupWait: "soon" },
    }).then(
      () => assert.fail("the program accepted bad settings"),
      (e: unknown) => e,
    );
    assert.ok(failure instanceof ProgramFailed);
    assert.ok(failure.cause instanceof Error);
    rendered = renderAsLanguageHost(failure.cause);
  });

  it("copies the handler of the installed SDK", () => {
    assert.deepEqual(sourceStillMatches(), []);
  });

  it("shows the message: which stack, which settings, which fix", () => {
    assert.match(rendered, /^slo-alerting: the settings of stack "prod" are not valid; nothing was created\.\n/);
    assert.match(rendered, /  - alertmanagerReplicas: "0" is not a whole number from 1 to 9\n    fix: /);
    assert.match(rendered, /  - groupWait: /);
  });

  it("dumps no object and no stack frame", () => {
    assert.doesNotMatch(rendered, /problems:|\{\s*$|\[Object\]|setting:/m);
    assert.doesNotMatch(rendered, /^\s+at /m);
    assert.doesNotMatch(rendered, /unhandled exception/);
  });

  it("would show the dump for an error that is not a RunError (the test can fail)", () => {
    class Dumped extends Error {
      constructor(readonly problems: Array<{ setting: string }>) {
        super("bad");
      }
    }
    const dump = renderAsLanguageHost(new Dumped([{ setting: "x" }]));
    assert.match(dump, /unhandled exception/);
    assert.match(dump, /^\s+at /m);
    assert.match(dump, /problems/);
  });
});
