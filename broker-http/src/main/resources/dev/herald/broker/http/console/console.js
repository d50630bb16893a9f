// Herald's web console: reads the admin API of the listener that serves it, every two
// seconds, and draws what it reads. No framework, nothing loaded from elsewhere.
"use strict";

const REFRESH_MS = 2000;
const TAIL_MS = 1000;
const TAIL_KEPT = 200;

const $ = (id) => document.getElementById(id);

async function api(path, options) {
  const response = await fetch(path, Object.assign({ cache: "no-store" }, options));
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new Error((body && body.error) || response.status + " " + response.statusText);
  }
  return body;
}

function cell(row, text, numeric) {
  const td = row.insertCell();
  td.textContent = text;
  if (numeric) {
    td.className = "num";
  }
  return td;
}

function number(n) {
  return Number(n).toLocaleString("en");
}

function uptime(seconds) {
  const h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
  return (h ? h + "h " : "") + (h || m ? m + "m " : "") + s + "s";
}

function showOverview(o) {
  $("version").textContent = "version " + o.version;
  $("f-connections").textContent = number(o.connections);
  $("f-online").textContent = number(o.sessionsOnline);
  $("f-offline").textContent = number(o.sessionsOffline);
  $("f-subscriptions").textContent = number(o.subscriptions);
  $("f-published").textContent = number(o.messagesPublished);
  $("f-sent").textContent = number(o.messagesSent);
  $("f-queued").textContent = number(o.queuedOffline);
  $("f-uptime").textContent = uptime(o.uptimeSeconds);
}

function showTopics(topics) {
  const body = $("topics").tBodies[0];
  body.replaceChildren();
  for (const t of topics) {
    const row = body.insertRow();
    row.dataset.topic = t.name;
    cell(row, t.name);
    cell(row, number(t.subscribers), true);
    cell(row, number(t.retained), true);
    cell(row, number(t.published), true);
    cell(row, t.publishedPerSecond.toFixed(1), true);
  }
}

function showSessions(sessions) {
  const body = $("sessions").tBodies[0];
  body.replaceChildren();
  for (const s of sessions) {
    const row = body.insertRow();
    row.dataset.clientId = s.clientId;
    row.className = s.online ? "online" : "offline";
    cell(row, s.clientId);
    cell(row, s.online ? "online" : "offline since " + new Date(s.offlineSince).toLocaleTimeString());
    cell(row, s.subscriptions.join(", "));
    cell(row, number(s.queueDepth), true);
    const action = row.insertCell();
    const button = document.createElement("button");
    button.type = "button";
    if (s.online) {
      button.textContent = "Disconnect";
      button.className = "disconnect";
      button.onclick = () => act("Disconnect session " + s.clientId + "? It goes offline and keeps collecting messages.",
        "/api/sessions/" + encodeURIComponent(s.clientId) + "/disconnect", "POST");
    } else {
      button.textContent = "Delete";
      button.className = "delete";
      button.onclick = () => act("Delete session " + s.clientId + " with its subscriptions and its "
        + s.queueDepth + " queued messages?", "/api/sessions/" + encodeURIComponent(s.clientId), "DELETE");
    }
    action.append(button);
  }
}

/** Asks in the page's own dialog, then does it and refreshes. */
function act(question, path, method) {
  const dialog = $("confirm");
  $("confirm-text").textContent = question;
  dialog.returnValue = "";
  dialog.onclose = async () => {
    if (dialog.returnValue !== "yes") {
      return;
    }
    try {
      await api(path, { method: method });
    } catch (e) {
      alertStatus(e.message);
    }
    refresh();
  };
  dialog.showModal();
}

function alertStatus(text) {
  $("status").textContent = text;
  $("status").className = "status down";
}

function drawChart(points) {
  const canvas = $("chart");
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height, pad = 28;
  ctx.clearRect(0, 0, w, h);
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = "#5b6475";
  if (points.length < 2) {
    ctx.fillText("collecting…", pad, h / 2);
    return;
  }
  const rateMax = Math.max(1, ...points.map(p => Math.max(p.publishedPerSecond, p.sentPerSecond)));
  const connMax = Math.max(1, ...points.map(p => p.connections));
  const t0 = points[0].at, t1 = points[points.length - 1].at;
  const x = (at) => pad + (w - 2 * pad) * (at - t0) / Math.max(1, t1 - t0);
  const line = (color, value, max) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    points.forEach((p, i) => {
      const y = h - pad - (h - 2 * pad) * value(p) / max;
      i === 0 ? ctx.moveTo(x(p.at), y) : ctx.lineTo(x(p.at), y);
    });
    ctx.stroke();
  };
  ctx.strokeStyle = "#e4e7ec";
  ctx.lineWidth = 1;
  ctx.strokeRect(pad, pad, w - 2 * pad, h - 2 * pad);
  ctx.fillText(number(Math.round(rateMax)) + " msg/s", 2, pad - 8);
  ctx.fillText(number(connMax) + " conn.", w - pad - 40, pad - 8);
  ctx.fillText(Math.round((t1 - t0) / 1000) + " s", pad, h - 8);
  line("#2b6cb0", p => p.publishedPerSecond, rateMax);
  line("#2f855a", p => p.sentPerSecond, rateMax);
  line("#b7791f", p => p.connections, connMax);
}

async function refresh() {
  try {
    const [overview, rates, topics, sessions] = await Promise.all([
      api("/api/overview"), api("/api/rates"), api("/api/topics"), api("/api/sessions")]);
    showOverview(overview);
    drawChart(rates.points);
    showTopics(topics);
    showSessions(sessions);
    $("status").textContent = "updated " + new Date().toLocaleTimeString();
    $("status").className = "status";
  } catch (e) {
    alertStatus("cannot reach the broker: " + e.message);
  }
}

$("publish").onsubmit = async (event) => {
  event.preventDefault();
  const topic = $("publish-topic").value.trim();
  try {
    const m = await api("/api/messages?topic=" + encodeURIComponent(topic),
      { method: "POST", body: $("publish-payload").value, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    $("publish-result").textContent = "published #" + m.id;
  } catch (e) {
    $("publish-result").textContent = e.message;
  }
};

let tail = null;

$("tail").onsubmit = async (event) => {
  event.preventDefault();
  if (tail) {
    clearInterval(tail.timer);
  }
  const topic = $("tail-topic").value.trim();
  $("tail-list").replaceChildren();
  tail = { topic: topic, after: 0, timer: null };
  const current = tail;
  try {
    // start from what is there now: the tail shows what is published from here on
    const retained = await api("/api/messages?topic=" + encodeURIComponent(topic));
    current.after = retained.length ? retained[retained.length - 1].id : 0;
    $("tail-state").textContent = "tailing " + topic;
  } catch (e) {
    $("tail-state").textContent = e.message;
    return;
  }
  current.timer = setInterval(async () => {
    try {
      const messages = await api("/api/messages?topic=" + encodeURIComponent(topic) + "&after=" + current.after);
      const list = $("tail-list");
      for (const m of messages) {
        current.after = m.id;
        const item = document.createElement("li");
        item.dataset.id = m.id;
        item.textContent = new Date(m.publishedAt).toLocaleTimeString() + "  #" + m.id + "  " + m.payload;
        list.prepend(item);
      }
      while (list.children.length > TAIL_KEPT) {
        list.lastChild.remove();
      }
    } catch (e) {
      $("tail-state").textContent = e.message;
    }
  }, TAIL_MS);
};

refresh();
setInterval(refresh, REFRESH_MS);
