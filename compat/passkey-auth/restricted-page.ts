const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What a browser sent to forward auth sees instead of the protected page: the reason, and the way to sign in. */
export function restrictedPage(status: 401 | 403, message: string, signInUrl: string): string {
  const title = status === 401 ? "Sign in required" : "Permission required";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body><main><h1>${title}</h1><p>${escapeHtml(message)}</p><p><a href="${escapeHtml(signInUrl)}">Go to sign-in</a></p></main></body></html>
`;
}
