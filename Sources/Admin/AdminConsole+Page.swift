extension AdminConsole {
    /// The one HTML page: landmarks, a skip link, the token form, and the
    /// `main` region the script fills per view (`#/events`, `#/events/ID`,
    /// `#/dead`, `#/status`).
    static let page = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>sniffer-bridge console</title>
        <link rel="stylesheet" href="/admin/console.css">
        <script src="/admin/console.js" defer></script>
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header>
          <p class="brand">sniffer-bridge</p>
          <nav aria-label="Console">
            <ul>
              <li><a href="#/events" data-view="events">Events</a></li>
              <li><a href="#/dead" data-view="dead">Dead letters</a></li>
              <li><a href="#/status" data-view="status">Sources and targets</a></li>
            </ul>
          </nav>
          <p id="who" class="who" hidden></p>
          <button type="button" id="signout" hidden>Forget token</button>
        </header>
        <div id="announce" class="visually-hidden" role="status" aria-live="polite"></div>
        <main id="main" tabindex="-1">
          <noscript><p>The console needs JavaScript. The same data is in the admin API, /admin/api/v1/openapi.json.</p></noscript>
        </main>
        </body>
        </html>
        """#
}
