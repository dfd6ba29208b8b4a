/** Escapes text for HTML bodies and attributes (hosted pages echo product names and URLs). */
export function esc(value: string | number | null | undefined): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Shared page chrome for the hosted checkout and approval pages. */
export function page(title: string, body: string, accent: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f6f9fc;color:#1a1f36;margin:0}
main{max-width:460px;margin:40px auto;background:#fff;border-radius:8px;box-shadow:0 2px 12px rgba(0,0,0,.08);padding:28px}
h1{font-size:20px;margin:0 0 4px}.muted{color:#697386;font-size:13px}
.banner{background:#fff8e1;border:1px solid #f5d47a;border-radius:4px;padding:6px 10px;font-size:12px;margin-bottom:16px}
table{width:100%;border-collapse:collapse;margin:16px 0}td{padding:6px 0}td.r{text-align:right}
tr.total td{border-top:1px solid #e3e8ee;font-weight:600;padding-top:10px}
label{display:block;font-size:13px;margin:12px 0 4px}input[type=text],input[type=email]{width:100%;box-sizing:border-box;padding:9px;border:1px solid #cfd7df;border-radius:4px;font-size:15px}
button{width:100%;margin-top:18px;padding:12px;border:0;border-radius:4px;background:${accent};color:#fff;font-size:16px;cursor:pointer}
button.secondary{background:#e3e8ee;color:#1a1f36}
.error{background:#fde8e8;border:1px solid #f5a3a3;color:#9b1c1c;padding:8px 10px;border-radius:4px;margin:12px 0}
.cards{font-size:12px;color:#697386;margin-top:18px}.cards code{color:#1a1f36}
.choice{display:block;margin:6px 0;font-size:14px}
a{color:${accent}}
</style>
</head>
<body><main>
<div class="banner">Offline sandbox &mdash; no real money moves.</div>
${body}
</main></body>
</html>
`;
}

/** A one-message page (completed, expired, not found). */
export function messagePage(title: string, text: string, accent: string): string {
  return page(`${title} — LMS Sandbox`, `<h1>${esc(title)}</h1><p>${esc(text)}</p>`, accent);
}
