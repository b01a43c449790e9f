// What react-dom/server's browser build expects from its host and GraalJS does not provide.
// Only renderToString is used, so ReadableStream is a placeholder that is never read.
const g = globalThis as unknown as Record<string, unknown>;

if (typeof g.TextEncoder === "undefined") {
  class Utf8Encoder {
    readonly encoding = "utf-8";
    encode(input = ""): Uint8Array {
      const bytes: number[] = [];
      for (const ch of input) {
        let c = ch.codePointAt(0) as number;
        if (c < 0x80) bytes.push(c);
        else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
        else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        else {
          bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
          c = 0;
        }
      }
      return new Uint8Array(bytes);
    }
  }
  g.TextEncoder = Utf8Encoder;
}

if (typeof g.ReadableStream === "undefined") {
  g.ReadableStream = class ReadableStreamUnavailable {
    constructor() {
      throw new Error("streaming rendering is not available on the server");
    }
  };
}
