export interface EmailContent {
  template: string;
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(title: string, paragraphs: string[], action?: { label: string; url: string }): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
  const button = action
    ? `<p><a href="${escapeHtml(action.url)}" style="background:#2d5bd7;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p><p style="color:#666;font-size:12px">${escapeHtml(action.url)}</p>`
    : '';
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;max-width:560px"><h2>${escapeHtml(title)}</h2>${body}${button}</body></html>`;
}

export function invitationEmail(input: {
  workspaceName: string;
  inviterName: string;
  companyName: string | null;
  acceptUrl: string;
  expiresAt: Date;
}): EmailContent {
  const where = input.companyName ? `${input.companyName} on ${input.workspaceName}` : input.workspaceName;
  const subject = `${input.inviterName} invited you to ${input.workspaceName}`;
  const lines = [
    `${input.inviterName} invited you to join ${where}, the partner workspace.`,
    `The invitation is valid until ${input.expiresAt.toUTCString()} and can be used once.`,
  ];
  return {
    template: 'invitation',
    subject,
    text: `${lines.join('\n\n')}\n\nAccept: ${input.acceptUrl}\n`,
    html: layout(subject, lines, { label: 'Accept invitation', url: input.acceptUrl }),
  };
}

export function genericEmail(
  template: string,
  subject: string,
  lines: string[],
  link?: string,
): EmailContent {
  return {
    template,
    subject,
    text: `${lines.join('\n\n')}${link ? `\n\n${link}` : ''}\n`,
    html: layout(subject, lines, link ? { label: 'Open', url: link } : undefined),
  };
}
