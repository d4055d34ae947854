// `dexdump -d` output split per class, with what legitimately changes when a class moves to another DEX
// file removed: file offsets, the instruction bytes (they hold index numbers), "// kind@index" comments,
// class and source-file numbers. What remains is the class's text with every reference resolved.
const CLASS_START = /^Class #\d+/;
const DESCRIPTOR = /^ {2}Class descriptor {2}: '([^']+)'/m;

export function dexdumpClasses(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let block: string[] = [];
  const flush = (): void => {
    const body = block.join('\n');
    const d = DESCRIPTOR.exec(body);
    if (d) out.set(d[1]!, normalizeClass(body));
    block = [];
  };
  for (const line of text.split('\n')) {
    if (CLASS_START.test(line)) flush();
    block.push(line);
  }
  flush();
  return out;
}

export function normalizeClass(body: string): string {
  return body
    .split('\n')
    .filter((l) => !CLASS_START.test(l))
    .map((l) => l
      .replace(/^[0-9a-f]{6}: [0-9a-f .]*\|/, '|')
      .replace(/^\|\[[0-9a-f]{6}\] /, '|[] ')
      .replace(/ \/\/ (type|method|field|string|call_site|method_handle|proto)@[0-9a-f]+/g, '')
      .replace(/^( {2}source_file_idx {3}: )-?\d+/, '$1'))
    .join('\n')
    .trimEnd();
}
