// @tus/server with its file store, the reference bench/tus-upload.sh measures /tusupload against.
//   node node-server.js <port> <directory>
// tus-java-client sends PATCH as POST + X-HTTP-Method-Override (HttpURLConnection has no PATCH), which
// @tus/server 2.x does not honour by itself, so the override is applied before the request reaches it.
'use strict'
const http = require('http')
const { Server } = require('@tus/server')
const { FileStore } = require('@tus/file-store')

const [port, directory] = process.argv.slice(2)
const tus = new Server({ path: '/files', datastore: new FileStore({ directory }) })
http.createServer((req, res) => {
  const override = req.headers['x-http-method-override']
  if (override) {
    req.method = String(override).toUpperCase()
  }
  tus.handle(req, res)
}).listen(Number(port), '127.0.0.1', () => console.log(`@tus/server on ${port}`))
