/**
 * HTML mail for the reader's tests: a corpus of hostile HTML (every script and remote-load trick the
 * sanitizer, the frame's CSP and the sandbox must stop), inline `cid:` images, multipart/alternative and a
 * spoofed sender, as RFC 5322 builders.
 *
 * Remote URLs point at a canary server given by its origin, with paths that say what is expected:
 *   /script/...  only a script that ran could request it: never
 *   /leak/...    a trick the sanitizer removes entirely: never, not even after "load remote content"
 *   /pixel/...   a tracking pixel: never (it stays blocked when remote content is allowed)
 *   /remote/...  ordinary remote content: only after the user allows it
 *   /link/...    a link target: only if the user opens the link
 */
import { crc32, deflateSync } from 'node:zlib';

export interface HostileCase {
  name: string;
  html: string;
}

/** Each trick on its own, so a sanitizer test can say which one failed. */
export function hostileHtmlCases(canary: string): HostileCase[] {
  const c = canary;
  const run = (name: string) => `fetch('${c}/script/${name}');parent.postMessage('pwned:${name}','*');top.document.title='PWNED ${name}'`;
  return [
    // Script, in every form.
    { name: 'script-tag', html: `<script>${run('script-tag')}</script>` },
    { name: 'script-src', html: `<script src="${c}/script/script-src.js"></script>` },
    { name: 'img-onerror', html: `<img src="x" onerror="${run('img-onerror')}">` },
    { name: 'svg-onload', html: `<svg onload="${run('svg-onload')}"><circle r="5"></circle></svg>` },
    { name: 'body-onload', html: `<body onload="${run('body-onload')}"><p>body</p></body>` },
    { name: 'details-ontoggle', html: `<details open ontoggle="${run('details-ontoggle')}"><summary>s</summary></details>` },
    { name: 'javascript-href', html: `<a href="javascript:${run('javascript-href')}">click me</a>` },
    { name: 'javascript-entity-href', html: `<a href="jav&#x09;ascript:${run('javascript-entity-href')}">click me too</a>` },
    { name: 'svg-xlink-javascript', html: `<svg><a xlink:href="javascript:${run('svg-xlink-javascript')}"><text y="10">x</text></a></svg>` },
    { name: 'iframe-srcdoc', html: `<iframe srcdoc="<script>${run('iframe-srcdoc')}</script>"></iframe>` },
    { name: 'iframe-javascript', html: `<iframe src="javascript:${run('iframe-javascript')}"></iframe>` },
    { name: 'object-data-html', html: `<object data="data:text/html,<script>${run('object-data-html')}</script>"></object>` },
    { name: 'embed-src', html: `<embed src="${c}/leak/embed.swf">` },
    { name: 'meta-refresh', html: `<meta http-equiv="refresh" content="0;url=${c}/leak/meta-refresh">` },
    { name: 'input-autofocus', html: `<input autofocus onfocus="${run('input-autofocus')}">` },
    { name: 'marquee-onstart', html: `<marquee onstart="${run('marquee-onstart')}">m</marquee>` },
    { name: 'style-javascript-url', html: `<div style="background:url(javascript:alert(1))">js url</div>` },
    { name: 'math-href', html: `<math href="javascript:${run('math-href')}"><mi>x</mi></math>` },
    { name: 'noscript', html: `<noscript><p title="</noscript><img src=x onerror=${run('noscript')}>"></noscript>` },
    { name: 'template', html: `<template><img src="${c}/leak/template.png"></template>` },

    // Navigation and forms.
    { name: 'base', html: `<base href="${c}/leak/base/"><img src="relative.png" alt="relative">` },
    { name: 'form', html: `<form action="${c}/leak/form" method="post"><input name="q" value="secret"><button>Send</button></form>` },
    { name: 'formaction', html: `<button formaction="${c}/leak/formaction">Go</button>` },
    { name: 'input-image', html: `<input type="image" src="${c}/leak/input-image.png">` },
    { name: 'link-ping', html: `<a href="${c}/link/ping-target" ping="${c}/leak/ping">a link with a ping</a>` },

    // Remote loads the sanitizer removes outright.
    { name: 'srcset', html: `<img srcset="${c}/leak/srcset.png 1x, ${c}/leak/srcset-2x.png 2x" alt="srcset">` },
    { name: 'picture-source', html: `<picture><source srcset="${c}/leak/picture.png"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="pic"></picture>` },
    { name: 'link-stylesheet', html: `<link rel="stylesheet" href="${c}/leak/link.css">` },
    { name: 'link-prefetch', html: `<link rel="prefetch" href="${c}/leak/prefetch"><link rel="preload" as="image" href="${c}/leak/preload.png">` },
    { name: 'video-poster', html: `<video poster="${c}/leak/poster.png" src="${c}/leak/video.mp4" autoplay></video>` },
    { name: 'audio', html: `<audio src="${c}/leak/audio.mp3" autoplay></audio>` },
    { name: 'object', html: `<object data="${c}/leak/object.pdf"></object>` },
    { name: 'iframe', html: `<iframe src="${c}/leak/iframe.html"></iframe>` },
    { name: 'svg-image', html: `<svg width="20" height="20"><image href="${c}/leak/svg-image.png" width="20" height="20"></image><use href="${c}/leak/svg-use.svg#a"></use></svg>` },
    { name: 'forged-marker', html: `<img data-tern-src="${c}/leak/forged.png" alt="forged">` },

    // Remote content that may load once the user allows it.
    { name: 'img', html: `<img src="${c}/remote/img.png" width="40" height="20" alt="remote image">` },
    { name: 'protocol-relative', html: `<img src="${c.replace(/^https?:/, '')}/remote/protocol-relative.png" width="10" height="10" alt="">` },
    { name: 'table-background', html: `<table background="${c}/remote/table-bg.png"><tr><td background="${c}/remote/td-bg.png">cell</td></tr></table>` },
    { name: 'style-attr-url', html: `<div style="background-image: url('${c}/remote/style-url.png'); color: #333">styled</div>` },
    { name: 'style-attr-escaped-url', html: `<div style="background: \\75 rl(${c}/remote/escaped-url.png)">escaped</div>` },
    { name: 'style-attr-image-set', html: `<div style="background-image: image-set('${c}/remote/image-set.png' 1x)">image-set</div>` },
    {
      name: 'style-element',
      html:
        `<style>@import url("${c}/remote/import.css"); @import '${c}/remote/import-string.css';` +
        ` @\\69mport "${c}/remote/import-escaped.css";` +
        ` @font-face { font-family: Remote; src: url(${c}/remote/font.woff2) format("woff2"); }` +
        ` .r-font { font-family: Remote; } .r-bg { background: url(${c}/remote/class-bg.png); }` +
        ` .r-set { background-image: -webkit-image-set(url(${c}/remote/webkit-image-set.png) 1x); }` +
        ` .r-cursor { cursor: url(${c}/remote/cursor.png), auto; } .r-list { list-style: url("${c}/remote/list.png"); }` +
        ` .r-var { --img: "${c}/remote/custom-property.png"; background-image: image-set(var(--img) 1x); }` +
        ` /* url(${c}/remote/in-comment.png) is a comment */</style>` +
        `<p class="r-font r-bg r-set r-cursor r-var">classes</p><ul class="r-list"><li>item</li></ul>`,
    },

    // Tracking pixels: never loaded.
    { name: 'pixel-1x1', html: `<img src="${c}/pixel/open.gif" width="1" height="1" alt="">` },
    { name: 'pixel-hidden', html: `<img src="${c}/pixel/hidden.gif" style="display:none">` },
    { name: 'pixel-zero', html: `<img src="${c}/pixel/zero.gif" style="width:0;height:0;border:0">` },

    // A namespace-confusion (mXSS) payload from DOMPurify's history; last, as its markup swallows what follows.
    { name: 'mxss-mglyph', html: `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=${c}/leak/mxss.png&Tab;onerror=${run('mxss-mglyph').replace(/[' ]/g, '')}&gt;">` },
  ];
}

/** All the hostile cases in one newsletter-like message, with an ordinary remote image as the control. */
export function hostileNewsletterHtml(canary: string): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8"><title>Hostile</title></head><body>',
    '<h1>Spring sale</h1>',
    `<p><img class="control" src="${canary}/remote/control.png" width="48" height="48" alt="control image"></p>`,
    `<p><a href="${canary}/link/sale">Visit https://www.paypal.com/signin to claim</a></p>`,
    ...hostileHtmlCases(canary).map((entry) => `<section data-case="${entry.name}">${entry.html}</section>`),
    '<p>The end.</p></body></html>',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Images

/** A solid-colour PNG (8-bit RGB), for inline images and the canary's responses. */
export function solidPng(width: number, height: number, rgb: [number, number, number] = [31, 111, 235]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.concat(Array.from({ length: width }, () => Buffer.from(rgb)))]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

// ---------------------------------------------------------------------------------------------------------
// Messages

export interface InlineImage {
  contentId: string;
  contentType: string;
  data: Buffer;
  filename?: string;
}

export interface HtmlMessageOptions {
  subject: string;
  html: string;
  /** A text alternative: the message becomes multipart/alternative. */
  text?: string;
  from?: string;
  replyTo?: string;
  date?: Date;
  /** Parts referenced by `cid:`: the message becomes multipart/related. */
  inline?: InlineImage[];
}

function base64Lines(data: Buffer): string {
  return (data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

function textPart(subtype: 'plain' | 'html', content: string): string {
  return [`Content-Type: text/${subtype}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', base64Lines(Buffer.from(content, 'utf8'))].join('\r\n');
}

function multipart(subtype: string, boundary: string, parts: string[]): string {
  return [`Content-Type: multipart/${subtype}; boundary="${boundary}"`, '', ...parts.map((part) => `--${boundary}\r\n${part}`), `--${boundary}--`, ''].join('\r\n');
}

let counter = 0;

export function htmlMessage(options: HtmlMessageOptions): string {
  counter += 1;
  const date = options.date ?? new Date(Date.UTC(2026, 2, 1, 9, 0, 0) + counter * 60_000);
  let body = textPart('html', options.html);
  if (options.text !== undefined) body = multipart('alternative', `alt-${counter}`, [textPart('plain', options.text), body]);
  if (options.inline && options.inline.length > 0) {
    const images = options.inline.map((image) =>
      [
        `Content-Type: ${image.contentType}${image.filename ? `; name="${image.filename}"` : ''}`,
        'Content-Transfer-Encoding: base64',
        `Content-ID: <${image.contentId}>`,
        `Content-Disposition: inline${image.filename ? `; filename="${image.filename}"` : ''}`,
        '',
        base64Lines(image.data),
      ].join('\r\n'),
    );
    body = multipart('related', `rel-${counter}`, [body, ...images]);
  }
  return [
    `From: ${options.from ?? 'Newsletter <news@shop.example>'}`,
    'To: Alice <alice@example.test>',
    ...(options.replyTo ? [`Reply-To: ${options.replyTo}`] : []),
    `Subject: ${options.subject}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <html-${counter}-${date.getTime()}@example.test>`,
    'MIME-Version: 1.0',
    body,
  ].join('\r\n');
}
