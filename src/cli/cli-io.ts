/** The streams and environment a CLI command gets (tests pass their own). */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
}

export interface CliCommand {
  help: string;
  run(args: string[], io: CliIo): Promise<number>;
}
