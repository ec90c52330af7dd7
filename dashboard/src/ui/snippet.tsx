import { CopyButton } from './copy-button.js';

/** Code or a link to copy: shown as text beside its copy button. */
export function Snippet({ label, code }: { label: string; code: string }) {
  return (
    <div class="snippet-block">
      <p class="snippet-label">{label}</p>
      <div class="snippet-row">
        <pre class="snippet">
          <code>{code}</code>
        </pre>
        <CopyButton text={code} />
      </div>
    </div>
  );
}
