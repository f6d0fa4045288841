/// The frame every page shares. Self-contained on purpose: the pages are mailed, copied to
/// shared drives and opened offline, so there is no script, no web font, no image and no link
/// to fetch anything. The Content-Security-Policy says so to the browser too: even if some text
/// ever slipped through unescaped, it could neither run a script nor load anything.
enum HTMLPage {
    static func document(title: String, style: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <meta name="referrer" content="no-referrer">
        <title>\(HTMLText.escape(title))</title>
        <style>
        \(baseStyle)\(style)</style>
        </head>
        <body>
        <main>
        \(body)</main>
        </body>
        </html>

        """
    }

    /// Shared by the lists and the index. System fonts; sizes in rem so a reader's own font
    /// size setting still applies; one column that narrows down to a phone's width.
    static let baseStyle = """
        :root { color-scheme: light; --ink: #1c2230; --muted: #5a6375; --line: #dde1e8; --bg: #f4f5f7; --card: #fff;
          --red: #a61b1b; --red-bg: #fde8e8; --amber: #8a5200; --amber-bg: #fff1d6; --green: #1b6e33; --green-bg: #e3f3e8;
          --blue: #1d56b0; --blue-bg: #e6eefc; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0; background: var(--bg); color: var(--ink);
          font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          overflow-wrap: anywhere; }
        main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
        h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .25rem; }
        .lede { color: var(--muted); margin: 0 0 1rem; }
        .summary { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; margin: 0 0 1rem; padding: 0; }
        .summary li { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .4rem .8rem;
          min-width: 6.5rem; }
        .summary b { display: block; font-size: 1.4rem; line-height: 1.2; }
        .summary .alert b { color: var(--red); }
        .badge { display: inline-block; border-radius: 1rem; padding: 0 .55rem; font-size: .78rem; font-weight: 650;
          letter-spacing: .02em; white-space: nowrap; border: 1px solid transparent; vertical-align: .1em; }
        .badge.overdue { background: var(--red-bg); color: var(--red); border-color: #f3b9b9; }
        .badge.new { background: var(--blue-bg); color: var(--blue); border-color: #bcd0f3; }
        .badge.urgent { background: var(--red); color: #fff; }
        .badge.high { background: var(--amber-bg); color: var(--amber); border-color: #f0d29a; }
        .badge.normal, .badge.low { background: var(--bg); color: var(--muted); border-color: var(--line); }
        .light { display: inline-block; width: .7em; height: .7em; border-radius: 50%; margin-right: .3em;
          vertical-align: -.02em; background: #b8bec9; }
        .light.red { background: #d92d20; } .light.amber { background: #f0a000; } .light.green { background: #2f9e52; }
        time { white-space: nowrap; }
        footer { color: var(--muted); font-size: .85rem; margin-top: 2rem; }
        @media (max-width: 40rem) {
          main { padding: 1rem .75rem 2rem; }
          h1 { font-size: 1.35rem; }
          .summary li { flex: 1 1 40%; min-width: 0; }
        }
        @media print { body { background: #fff; } .summary li { border-color: #999; } }

        """
}
