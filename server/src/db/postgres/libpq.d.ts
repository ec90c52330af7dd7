// The parts of the `libpq` package (native bindings to PostgreSQL's C client) that sync-postgres.ts
// uses; the package ships no types. Every call here blocks the calling thread until the server answers.
declare module 'libpq' {
  export interface ResultErrorFields {
    severity?: string;
    sqlState?: string;
    messagePrimary?: string;
    messageDetail?: string;
    messageHint?: string;
  }
  export default class Libpq {
    connectSync(conninfo: string): void;
    finish(): void;
    exec(text: string): void;
    execParams(text: string, params: (string | null)[]): void;
    prepare(name: string, text: string, nParams: number): void;
    execPrepared(name: string, params: (string | null)[]): void;
    /** 0 idle, 1 active, 2 in a transaction, 3 in a failed transaction, 4 unknown (connection lost). */
    transactionStatus(): number;
    resultStatus(): string;
    resultErrorMessage(): string;
    resultErrorFields(): ResultErrorFields | null;
    errorMessage(): string;
    ntuples(): number;
    nfields(): number;
    fname(column: number): string;
    ftype(column: number): number;
    getvalue(row: number, column: number): string;
    getisnull(row: number, column: number): boolean;
    cmdTuples(): string;
    clear(): void;
    escapeLiteral(text: string): string;
  }
}
