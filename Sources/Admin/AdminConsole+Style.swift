extension AdminConsole {
    /// The console's style: system fonts, one column at phone width, tables
    /// that scroll sideways inside their own box, a visible focus ring.
    static let style = #"""
        :root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #ffffff; --soft: #f6f8fa;
          --accent: #0550ae; --bad: #a40e26; --good: #116329; --warn: #7d4e00; }
        @media (prefers-color-scheme: dark) {
          :root { --fg: #e6edf3; --muted: #9da7b3; --line: #3d444d; --bg: #0d1117; --soft: #161b22;
            --accent: #79c0ff; --bad: #ff9492; --good: #7ee787; --warn: #e3b341; }
        }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
        a { color: var(--accent); }
        :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        .skip { position: absolute; left: -999px; top: 0; background: var(--bg); padding: .5rem; }
        .skip:focus { left: .5rem; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .75rem 1rem; border-bottom: 1px solid var(--line); background: var(--soft); }
        .brand { font-weight: 700; margin: 0; }
        nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0; padding: 0; }
        nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
        .who { margin: 0 0 0 auto; color: var(--muted); }
        main { padding: 1rem; max-width: 80rem; margin: 0 auto; }
        h1 { font-size: 1.4rem; margin: .25rem 0 1rem; }
        h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
        form.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; margin-bottom: 1rem; }
        label { display: flex; flex-direction: column; font-size: .9rem; color: var(--muted); gap: .2rem; }
        input, select, button { font: inherit; padding: .4rem .6rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); min-height: 2.5rem; }
        button { cursor: pointer; background: var(--soft); }
        button.primary { background: var(--accent); color: var(--bg); border-color: var(--accent); }
        button.danger { color: var(--bad); }
        .scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0 1.25rem; }
        table { border-collapse: collapse; width: 100%; }
        caption { text-align: left; padding: .5rem; color: var(--muted); }
        th, td { text-align: left; padding: .45rem .6rem; border-top: 1px solid var(--line); vertical-align: top; }
        th { background: var(--soft); font-weight: 600; white-space: nowrap; }
        td.key, td.error { word-break: break-all; min-width: 12rem; }
        .state { font-weight: 600; }
        .state-done, .state-matched, .state-closed, .state-dispatched { color: var(--good); }
        .state-dead, .state-failed, .state-open { color: var(--bad); }
        .state-pending, .state-in_flight, .state-half_open, .state-retry { color: var(--warn); }
        pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: .75rem; overflow-x: auto; max-height: 30rem; white-space: pre-wrap; word-break: break-word; }
        .actions { display: flex; flex-wrap: wrap; gap: .5rem; }
        ul.plain { list-style: none; padding: 0; margin: 0; }
        .card { border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; margin: .5rem 0; }
        .card h3 { margin: 0 0 .25rem; font-size: 1rem; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
        dt { color: var(--muted); }
        dd { margin: 0; word-break: break-word; }
        .message { padding: .6rem .8rem; border-radius: 6px; background: var(--soft); border: 1px solid var(--line); }
        .message.error { border-color: var(--bad); color: var(--bad); }
        .signin { max-width: 28rem; }
        .signin form { display: flex; flex-direction: column; gap: .75rem; }
        @media (max-width: 40rem) {
          header { padding: .5rem; }
          main { padding: .5rem; }
          .who { margin: 0; }
          form.filters > * { flex: 1 1 100%; }
          dl { grid-template-columns: 1fr; }
        }
        """#
}
