extension AdminConsole {
    /// The four views: recent events, one event, dead letters, sources and targets.
    static let views = #"""
        async function eventsView(params) {
          const query = apiQuery(params, ["source", "state", "key", "since", "until", "cursor"]);
          const list = await api("GET", "/events?" + query);
          const rows = list.events.map((event) => h("tr", {},
            h("td", {}, h("a", { href: "#/events/" + event.id }, "Event " + event.id)),
            h("td", {}, time(event.received_at)),
            h("td", {}, event.source),
            h("td", {}, event.name),
            h("td", { class: "key" }, event.delivery_id),
            h("td", {}, stateBadge(event.state)),
            h("td", {}, event.actions)));
          let more = null;
          if (list.next_cursor) {
            const next = apiQuery(params, ["source", "state", "key", "since", "until"]);
            next.set("cursor", list.next_cursor);
            more = h("p", {}, h("a", { href: "#/events?" + next }, "Older events"));
          }
          show("Recent events",
            filters("#/events", params, [
              { name: "source", label: "Source", placeholder: "github, ci, ..." },
              { name: "state", label: "State", options: ["pending", "dispatched"] },
              { name: "key", label: "Dedup key contains" },
              { name: "since", label: "Received since", placeholder: "2026-12-04T10:00:00Z" },
            ]),
            table("Events, newest first", ["Event", "Received", "Source", "Name", "Delivery id", "State", "Actions"], rows),
            more);
        }

        function deliveryButtons(delivery) {
          if (!canOperate()) return null;
          const buttons = [];
          if (["dead", "dropped", "pending"].includes(delivery.state)) {
            buttons.push(h("button", { type: "button", "aria-label": "Retry delivery " + delivery.id,
              onclick: () => write("POST", "/deliveries/" + delivery.id + "/retry", undefined, () => "Delivery " + delivery.id + " queued again.") }, "Retry"));
          }
          if (["dead", "pending"].includes(delivery.state)) {
            buttons.push(h("button", { type: "button", class: "danger", "aria-label": "Drop delivery " + delivery.id,
              onclick: () => {
                if (confirm("Drop delivery " + delivery.id + " for good? It will never be delivered.")) {
                  write("POST", "/deliveries/" + delivery.id + "/drop", undefined, () => "Delivery " + delivery.id + " dropped.");
                }
              } }, "Drop"));
          }
          return buttons.length ? h("div", { class: "actions" }, buttons) : null;
        }

        async function eventView(id) {
          const event = await api("GET", "/events/" + id);
          const explanation = event.explanation;
          const rules = explanation.rules.map((rule) => h("li", { class: "card" },
            h("h3", {}, rule.rule, " ", stateBadge(rule.status)),
            h("p", {}, rule.location, rule.actions !== undefined ? " · " + rule.actions + " action" + (rule.actions === 1 ? "" : "s") : ""),
            rule.reasons && rule.reasons.length ? h("pre", {}, rule.reasons.join("\n")) : null));
          const deliveries = event.deliveries.map((delivery) => h("li", { class: "card" },
            h("h3", {}, "Delivery " + delivery.id + ": " + delivery.kind + " ", stateBadge(delivery.state)),
            h("dl", {},
              h("dt", {}, "Dedup key"), h("dd", {}, delivery.dedup_key),
              h("dt", {}, "Attempts"), h("dd", {}, delivery.attempts),
              h("dt", {}, "Result"), h("dd", {}, delivery.result || "–"),
              h("dt", {}, "Last error"), h("dd", {}, delivery.last_error || "–")),
            table("Attempts of delivery " + delivery.id, ["#", "When", "Outcome", "Answer"],
              (delivery.attempt_history || []).map((attempt) => h("tr", {},
                h("td", {}, attempt.number), h("td", {}, time(attempt.at)), h("td", {}, stateBadge(attempt.outcome)),
                h("td", { class: "error" }, attempt.answer || "–")))),
            deliveryButtons(delivery)));
          const payload = event.payload_encoding === "json" ? JSON.stringify(event.payload, null, 2) : String(event.payload);
          const replay = canOperate()
            ? h("div", { class: "actions" }, h("button", { type: "button", class: "primary",
                onclick: () => write("POST", "/events/" + id + "/replay", undefined,
                  (answer) => "Replayed as event " + answer.event_id + " with " + answer.actions + " action" + (answer.actions === 1 ? "" : "s") + ".") },
                "Replay through the current mappings"))
            : null;
          show("Event " + event.id + ": " + event.source + " " + event.name,
            h("dl", {},
              h("dt", {}, "Received"), h("dd", {}, time(event.received_at)),
              h("dt", {}, "Delivery id"), h("dd", {}, event.delivery_id),
              h("dt", {}, "State"), h("dd", {}, stateBadge(event.state))),
            replay,
            h("h2", {}, "Rules (" + explanation.matched_rules + " of " + explanation.rules.length + " matched, with the mappings loaded now)"),
            explanation.error ? h("p", { class: "message error" }, explanation.error) : null,
            h("ul", { class: "plain" }, rules),
            h("h2", {}, "Actions and attempts"),
            deliveries.length ? h("ul", { class: "plain" }, deliveries) : h("p", {}, "No action was recorded for this event."),
            h("h2", {}, "Payload (" + event.payload_encoding + ")"),
            h("pre", { tabindex: "0", "aria-label": "Payload" }, payload),
            h("h2", {}, "Headers"),
            table("Kept headers", ["Name", "Value"], event.headers.map((header) => h("tr", {}, h("td", {}, header.name), h("td", { class: "key" }, header.value)))));
        }

        async function deadLettersView(params) {
          const query = apiQuery(params, ["source", "key"]);
          query.set("state", "dead");
          query.set("limit", "500");
          const list = await api("GET", "/deliveries?" + query);
          const rows = list.deliveries.map((delivery) => h("tr", {},
            h("td", {}, delivery.id),
            h("td", {}, time(delivery.finished_at)),
            h("td", {}, delivery.kind),
            h("td", { class: "key" }, delivery.dedup_key),
            h("td", {}, delivery.attempts),
            h("td", { class: "error" }, delivery.last_error || "–"),
            h("td", {}, h("a", { href: "#/events/" + delivery.event_id }, "Event " + delivery.event_id)),
            canOperate() ? h("td", {}, deliveryButtons(delivery)) : null));
          const headings = ["Delivery", "Dead since", "Kind", "Dedup key", "Attempts", "Last error", "Event"];
          if (canOperate()) headings.push("Actions");
          const filter = {};
          if (params.get("source")) filter.source = params.get("source");
          if (params.get("key")) filter.key = params.get("key");
          const retryAll = canOperate() && list.deliveries.length
            ? h("div", { class: "actions" }, h("button", { type: "button", class: "primary",
                onclick: () => write("POST", "/deliveries/retry", filter, (answer) => answer.retried + " dead letter" + (answer.retried === 1 ? "" : "s") + " queued again.") },
                "Retry all " + (list.next_cursor ? "500+" : list.deliveries.length) + " matching"))
            : null;
          show("Dead letters",
            filters("#/dead", params, [
              { name: "source", label: "Source", placeholder: "github, ci, ..." },
              { name: "key", label: "Dedup key contains" },
            ]),
            retryAll,
            table("Dead letters, newest first" + (list.next_cursor ? " (the first 500)" : ""), headings, rows));
        }

        async function statusView() {
          const [sources, targets, activity, dead] = await Promise.all([
            api("GET", "/sources"), api("GET", "/targets"), api("GET", "/activity"), api("GET", "/deliveries?state=dead&limit=500"),
          ]);
          const sourceRows = sources.sources.map((source) => h("tr", {},
            h("td", {}, source.name),
            h("td", {}, source.enabled ? "on" : "off"),
            h("td", {}, activity.events[source.name] || 0),
            h("td", {}, source.counters.requests || 0),
            h("td", {}, source.counters.stored || 0),
            h("td", {}, source.counters.duplicates || 0),
            h("td", {}, source.counters.unmatched || 0)));
          const targetRows = targets.targets.map((target) => h("tr", {},
            h("td", {}, target.name),
            h("td", {}, stateBadge(target.breaker)),
            h("td", {}, target.probe_at ? time(target.probe_at) : "–"),
            h("td", {}, target.paused ? "paused: " + target.pause_reason : "no"),
            h("td", {}, target.last_hour.done + " done, " + target.last_hour.retry + " retried, " + target.last_hour.dead + " dead"),
            h("td", {}, target.counters.held || 0),
            h("td", {}, target.counters.to_open || 0)));
          const kindRows = Object.entries(activity.attempts).map(([kind, outcomes]) => h("tr", {},
            h("td", {}, kind), h("td", {}, outcomes.done), h("td", {}, outcomes.retry), h("td", {}, outcomes.dead)));
          show("Sources and targets",
            h("p", {}, "Dead letters waiting: ", h("a", { href: "#/dead" }, dead.deliveries.length + (dead.next_cursor ? "+" : ""))),
            table("Sources (counters since the gateway started)",
              ["Source", "Endpoint", "Events in the last hour", "Requests", "Stored", "Duplicates", "Unmatched"], sourceRows),
            table("Delivery targets", ["Target", "Breaker", "Next probe", "Paused", "Attempts in the last hour", "Deliveries held", "Times opened"], targetRows),
            table("Delivery attempts in the last hour, by action", ["Action", "Delivered", "To retry", "Dead"], kindRows));
        }

        route();
        """#
}
