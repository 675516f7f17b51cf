import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readPassword } from "./password-input.js";

const piped = (text: string) => Readable.from([Buffer.from(text)]);

/** A stand-in for a terminal: readline treats it as one when isTTY is set. */
function fakeTerminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  return input;
}

describe("readPassword", () => {
  it("reads piped stdin without the one trailing line break", async () => {
    expect(await readPassword(piped("s3cret pass\n"), () => {}, false)).toBe("s3cret pass");
    expect(await readPassword(piped("s3cret pass\r\n"), () => {}, true)).toBe("s3cret pass");
    expect(await readPassword(piped("  spaces kept  "), () => {}, false)).toBe("  spaces kept  ");
  });

  it("prompts at a terminal without echoing what is typed", async () => {
    const terminal = fakeTerminal();
    const shown: string[] = [];
    const reading = readPassword(terminal, (text) => void shown.push(text), false);
    terminal.write("typed-secret\r");
    expect(await reading).toBe("typed-secret");
    expect(shown.join("")).toContain("Password: ");
    expect(shown.join("")).not.toContain("typed-secret");
  });

  it("fails when the terminal input ends before a line", async () => {
    const terminal = fakeTerminal();
    const reading = readPassword(terminal, () => {}, false);
    terminal.end();
    await expect(reading).rejects.toThrow("no password given");
  });

  it("reads the whole of stdin with --password-stdin even at a terminal", async () => {
    const terminal = fakeTerminal();
    const reading = readPassword(terminal, () => {}, true);
    terminal.end("from a heredoc\n");
    expect(await reading).toBe("from a heredoc");
  });
});
