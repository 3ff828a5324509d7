/** Shows a Chatbot custom notification in a terminal: roughly as Slack lays it out, then the raw JSON. */

interface ChatbotLike {
  content?: { title?: string; description?: string; nextSteps?: string[]; keywords?: string[] };
  metadata?: { threadId?: string; summary?: string };
}

/** Undoes Slack's three entities for reading; the payload itself stays escaped. */
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function renderChatbotForTerminal(message: Record<string, unknown>, attributes: Record<string, string>): string {
  const chat = message as ChatbotLike;
  const lines = [
    `┌ ${chat.content?.title ?? '(no title)'}`,
    ...unescapeSlack(chat.content?.description ?? '')
      .split('\n')
      .map((line) => `│ ${line}`),
  ];
  if (chat.content?.nextSteps?.length) {
    lines.push('│ Next steps:', ...chat.content.nextSteps.map((step) => `│  • ${unescapeSlack(step)}`));
  }
  lines.push(
    `└ thread ${chat.metadata?.threadId ?? '-'} · keywords ${(chat.content?.keywords ?? []).join(', ')} · SNS attributes ${JSON.stringify(attributes)}`
  );
  const raw = JSON.stringify(message, null, 2);
  lines.push(
    '',
    `Raw SNS message body (${Buffer.byteLength(JSON.stringify(message))} bytes, the Chatbot custom-notification format):`,
    raw
  );
  return lines.join('\n');
}

export { renderChatbotForTerminal };
