/** IANA zones the browser knows, offered as suggestions; the server checks the value itself. */
const zones = (): string[] => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
};

export function TimeZoneInput({
  value,
  onInput,
  ...aria
}: { value: string; onInput: (v: string) => void; id: string } & Record<string, unknown>) {
  const list = `${aria.id as string}-zones`;
  return (
    <>
      <input
        {...aria}
        value={value}
        list={list}
        autoComplete="off"
        spellcheck={false}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <datalist id={list}>
        {['UTC', ...zones()].map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
    </>
  );
}
