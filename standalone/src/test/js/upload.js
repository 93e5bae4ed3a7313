// Uploads one file with the official tus-js-client, optionally cutting the upload once and resuming it
// with a fresh tus.Upload from the server's offset (HEAD), as a browser does after a network drop.
//
//   node upload.js --endpoint URL --file PATH [--grant TOKEN] [--meta key=value ...]
//                  [--interrupt-at BYTES] [--chunk-size BYTES]
//
// Prints one JSON line: {url, size, millis, interruptedAt, serverOffsetAfterCut}. Exit 1 on failure.
'use strict'
const fs = require('fs')
const tus = require('tus-js-client')

function parseArgs(argv) {
  const args = { meta: {} }
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '')
    const value = argv[i + 1]
    if (key === 'meta') {
      const eq = value.indexOf('=')
      args.meta[value.slice(0, eq)] = value.slice(eq + 1)
    } else {
      args[key] = value
    }
  }
  return args
}

function options(args, extra) {
  const headers = args.grant ? { Authorization: `Bearer ${args.grant}` } : {}
  return {
    endpoint: args.endpoint,
    headers,
    metadata: args.meta,
    uploadSize: fs.statSync(args.file).size,
    chunkSize: args['chunk-size'] ? Number(args['chunk-size']) : Infinity,
    retryDelays: [0, 200, 500, 1000],
    storeFingerprintForResuming: false,
    ...extra,
  }
}

function run(args, extra) {
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(fs.createReadStream(args.file), options(args, {
      ...extra,
      onError: reject,
      onSuccess: () => resolve({ upload, interrupted: false }),
      onProgress: (sent) => {
        if (extra.interruptAt && sent >= extra.interruptAt) {
          extra.interruptAt = 0
          upload.abort(false).then(() => resolve({ upload, interrupted: true, sent }), reject)
        }
      },
    }))
    upload.start()
  })
}

async function serverOffset(args, url) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await fetch(url, {
      method: 'HEAD',
      headers: { 'Tus-Resumable': '1.0.0', ...(args.grant ? { Authorization: `Bearer ${args.grant}` } : {}) },
    })
    if (response.status === 200 || response.status === 204) {
      return Number(response.headers.get('upload-offset'))
    }
    if (response.status !== 423) {
      throw new Error(`HEAD ${url} answered ${response.status}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100)) // the cut request still holds the upload
  }
  throw new Error(`HEAD ${url} stayed locked`)
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const size = fs.statSync(args.file).size
  const started = process.hrtime.bigint()
  const result = { size, interruptedAt: null, serverOffsetAfterCut: null }
  let first = await run(args, { interruptAt: args['interrupt-at'] ? Number(args['interrupt-at']) : 0 })
  result.url = first.upload.url
  if (first.interrupted) {
    result.interruptedAt = first.sent
    result.serverOffsetAfterCut = await serverOffset(args, first.upload.url)
    // A fresh client that knows only the upload URL, as after a page reload.
    await run(args, { uploadUrl: first.upload.url })
  }
  result.millis = Number(process.hrtime.bigint() - started) / 1e6
  console.log(JSON.stringify(result))
}

main().catch((err) => {
  console.error(String(err && err.stack ? err.stack : err))
  process.exit(1)
})
