// A tutor's browser losing its connection mid-upload: uploads one file with the official tus-js-client in a
// single PATCH, aborts it once --abort-at bytes are sent, and AT ONCE (no wait, no HEAD of its own) resumes
// with a fresh tus.Upload that knows only the upload URL, as the website's page does after a network drop.
//
//   node resume-at-once.js --endpoint URL --file PATH --grant TOKEN --abort-at BYTES [--meta key=value ...]
//
// Prints one JSON line: {url, resumedUrl, abortedAt, size, millis}. Exit 1 on failure.
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

function upload(args, extra) {
  return new Promise((resolve, reject) => {
    const abortAt = extra.abortAt || 0
    let aborted = false
    const created = new tus.Upload(fs.createReadStream(args.file), {
      endpoint: args.endpoint,
      uploadUrl: extra.uploadUrl || null,
      headers: { Authorization: `Bearer ${args.grant}` },
      metadata: args.meta,
      uploadSize: fs.statSync(args.file).size,
      retryDelays: [0, 200, 500, 1000],
      storeFingerprintForResuming: false,
      onError: reject,
      onSuccess: () => resolve({ url: created.url, abortedAt: null }),
      onProgress: (sent) => {
        if (abortAt && !aborted && sent >= abortAt) {
          aborted = true
          created.abort(false).then(() => resolve({ url: created.url, abortedAt: sent }), reject)
        }
      },
    })
    created.start()
  })
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const started = process.hrtime.bigint()
  const first = await upload(args, { abortAt: Number(args['abort-at']) })
  if (first.abortedAt === null) {
    throw new Error('the upload finished before --abort-at')
  }
  const resumed = await upload(args, { uploadUrl: first.url })
  console.log(JSON.stringify({
    url: first.url,
    resumedUrl: resumed.url,
    abortedAt: first.abortedAt,
    size: fs.statSync(args.file).size,
    millis: Number(process.hrtime.bigint() - started) / 1e6,
  }))
}

main().catch((err) => {
  console.error(String(err && err.stack ? err.stack : err))
  process.exit(1)
})
