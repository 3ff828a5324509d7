/**
 * Lays out rows as aligned columns. Widths come from the plain text, and paint is applied after
 * padding, so color codes never break the alignment.
 */
import type { Paint } from './style.js';

type Cell = string | { text: string; paint: Paint };

function alignColumns(rows: readonly (readonly Cell[])[], gap = 2): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, textOf(cell).length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, index) => {
        const text = textOf(cell);
        const isLast = index === row.length - 1;
        const padded = isLast ? text : text.padEnd((widths[index] ?? 0) + gap);
        const paint = typeof cell === 'string' ? null : cell.paint;
        // Paint only the text, not the padding, so underlines and backgrounds stay tidy.
        return paint === null ? padded : paint(text) + padded.slice(text.length);
      })
      .join('')
      .trimEnd()
  );
}

function textOf(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell.text;
}

export { alignColumns };
export type { Cell };
