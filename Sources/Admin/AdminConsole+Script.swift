extension AdminConsole {
    /// The console's script: the token form, the API calls and the hash
    /// router. Views are in `AdminConsole+Views.swift`; both are sent as one file.
    static let script = core + views

    static let core = #"""
        "use strict";
        const API = "/admin/api/v1";
        const TOKEN_KEY = "sniffer-bridge-admin-token";
        const main = document.getElementById("main");
        const announcer = document.getElementById("announce");
        const who = document.getElementById("who");
        const signout = document.getElementById("signout");
        let caller = null;

        /** An element with attributes (`on...` are listeners) and children (text is never parsed as HTML). */
        function h(tag, attributes, ...children) {
          const element = document.createElement(tag);
          for (const [name, value] of Object.entries(attributes || {})) {
            if (value === null || value === undefined || value === false) continue;
            if (name === "class") element.className = value;
            else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
            else element.setAttribute(name, value === true ? "" : String(value));
          }
          for (const child of children.flat()) {
            if (child === null || child === undefined || child === false) continue;
            element.append(child instanceof Node ? child : document.createTextNode(String(child)));
          }
          return element;
        }

        function token() { return sessionStorage.getItem(TOKEN_KEY); }

        class APIError extends Error {
          constructor(status, message) { super(message); this.status = status; }
        }

        /** One API call with the session's token; a non-2xx answer throws its message. */
        async function api(method, path, body) {
          const headers = { "Authorization": "Bearer " + token() };
          const init = { method, headers, cache: "no-store" };
          if (body !== undefined) { headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
          const response = await fetch(API + path, init);
          let json = null;
          try { json = await response.json(); } catch (ignored) { json = null; }
          if (!response.ok) throw new APIError(response.status, (json && json.message) || ("HTTP " + response.status));
          return json;
        }

        function time(ms) {
          if (ms === null || ms === undefined) return "–";
          return new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
        }

        function stateBadge(state) { return h("span", { class: "state state-" + state }, String(state).replace("_", " ")); }

        /** Tells a screen reader what just happened (the live region), and shows it. */
        function say(text, isError) {
          announcer.textContent = text;
          const old = document.getElementById("flash");
          if (old) old.remove();
          const heading = document.getElementById("title");
          const flash = h("p", { id: "flash", class: isError ? "message error" : "message" }, text);
          if (heading) heading.after(flash); else main.prepend(flash);
        }

        function canOperate() { return caller !== null && caller.scope === "operate"; }

        /** Replaces the main region with a view titled `title`, and moves focus to its heading. */
        function show(title, ...content) {
          main.replaceChildren(h("h1", { id: "title", tabindex: "-1" }, title), ...content.filter((part) => part !== null && part !== undefined && part !== false));
          document.title = title + " · sniffer-bridge console";
          document.getElementById("title").focus();
        }

        function table(caption, headings, rows) {
          return h("div", { class: "scroll", role: "region", "aria-label": caption, tabindex: "0" },
            h("table", {},
              h("caption", {}, caption),
              h("thead", {}, h("tr", {}, headings.map((heading) => h("th", { scope: "col" }, heading)))),
              h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: headings.length }, "None.")))));
        }

        /** A filter form whose submission becomes the view's hash query. */
        function filters(base, params, fields) {
          const form = h("form", { class: "filters", role: "search", "aria-label": "Filters" });
          for (const field of fields) {
            const id = "filter-" + field.name;
            let control;
            if (field.options) {
              control = h("select", { id, name: field.name },
                h("option", { value: "" }, "any"),
                field.options.map((option) => h("option", { value: option, selected: params.get(field.name) === option }, option.replace("_", " "))));
            } else {
              control = h("input", { id, name: field.name, type: "text", value: params.get(field.name) || "", placeholder: field.placeholder || "" });
            }
            form.append(h("label", { for: id }, field.label, control));
          }
          form.append(h("button", { type: "submit", class: "primary" }, "Apply"));
          form.addEventListener("submit", (event) => {
            event.preventDefault();
            const query = new URLSearchParams();
            for (const field of fields) {
              const value = form.elements[field.name].value.trim();
              if (value) query.set(field.name, value);
            }
            const hash = base + (query.toString() ? "?" + query : "");
            if (location.hash === hash) route(); else location.hash = hash;
          });
          return form;
        }

        function apiQuery(params, names) {
          const query = new URLSearchParams();
          for (const name of names) if (params.get(name)) query.set(name, params.get(name));
          return query;
        }

        function signIn(message) {
          caller = null;
          who.hidden = true;
          signout.hidden = true;
          const input = h("input", { id: "token", name: "token", type: "password", autocomplete: "off", required: true, "aria-describedby": "token-help" });
          const form = h("form", {},
            h("label", { for: "token" }, "Admin token", input),
            h("p", { id: "token-help" }, "One of this gateway's [admin] tokens. It is kept in this browser tab only (sessionStorage), and sent with each request."),
            h("button", { type: "submit", class: "primary" }, "Open the console"));
          form.addEventListener("submit", (event) => {
            event.preventDefault();
            sessionStorage.setItem(TOKEN_KEY, input.value.trim());
            route();
          });
          main.replaceChildren(h("section", { class: "signin", "aria-labelledby": "title" },
            h("h1", { id: "title", tabindex: "-1" }, "Sign in"),
            message ? h("p", { class: "message error", role: "alert" }, message) : null,
            form));
          document.title = "Sign in · sniffer-bridge console";
          input.focus();
        }

        async function route() {
          if (!token()) return signIn();
          if (caller === null) {
            try {
              caller = await api("GET", "/whoami");
            } catch (error) {
              sessionStorage.removeItem(TOKEN_KEY);
              return signIn(error.status === 401 ? "That is not one of this gateway's [admin] tokens." : error.message);
            }
            who.textContent = "Signed in as " + caller.name + " (" + caller.scope + ")";
            who.hidden = false;
            signout.hidden = false;
          }
          const [path, query] = (location.hash || "#/events").slice(1).split("?");
          const params = new URLSearchParams(query || "");
          const view = path.split("/")[1] || "events";
          for (const link of document.querySelectorAll("nav a")) {
            if (link.dataset.view === view) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
          }
          try {
            if (/^\/events\/\d+$/.test(path)) await eventView(path.split("/")[2]);
            else if (view === "dead") await deadLettersView(params);
            else if (view === "status") await statusView();
            else await eventsView(params);
          } catch (error) {
            if (error.status === 401) { sessionStorage.removeItem(TOKEN_KEY); return signIn("The token was refused; give it again."); }
            show("Something went wrong", h("p", { class: "message error", role: "alert" }, error.message));
          }
        }

        /** Runs a write, says how it went, then shows the view again. */
        async function write(method, path, body, done) {
          try {
            const answer = await api(method, path, body);
            await route();
            say(done(answer));
          } catch (error) {
            say(error.message, true);
          }
        }

        signout.addEventListener("click", () => { sessionStorage.removeItem(TOKEN_KEY); route(); });
        window.addEventListener("hashchange", route);

        """#
}
