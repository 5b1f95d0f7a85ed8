// Live pages for signed-in people: one WebSocket to the streaming server (the session cookie
// says who reads), the `user` stream everywhere and, on a post's page, the `candela.thread`
// stream of its thread. Events carry ids only: what they name is fetched as HTML partials,
// read through the same audience rules as the page. After a dropped connection the page
// reconnects with backoff and fetches again what it may have missed.
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !window.WebSocket || !window.fetch) {
    return;
  }
  var config = script.dataset;
  var MIN_DELAY = 1000;
  var MAX_DELAY = 30000;

  function urlFor(template, id) {
    return template.replace("/0/", "/" + encodeURIComponent(id) + "/");
  }

  function fetchHtml(url) {
    return fetch(url, {
      credentials: "same-origin",
      headers: { "HX-Request": "true" },
    }).then(function (response) {
      if (!response.ok) {
        var error = new Error(response.statusText);
        error.status = response.status;
        throw error;
      }
      return response.text();
    });
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content;
  }

  function activate(element) {
    // New content gets htmx's behaviour (the reaction and delete buttons).
    if (window.htmx) {
      window.htmx.process(element);
    }
  }

  function postElement(id) {
    return document.getElementById("post-" + id);
  }

  function log(error) {
    if (window.console) {
      window.console.warn("candela live:", error);
    }
  }

  // Navigation badge

  function refreshBadge() {
    var slot = document.querySelector('[data-live-badge="notifications"]');
    if (!slot || !config.badgeUrl) {
      return;
    }
    fetchHtml(config.badgeUrl).then(function (html) {
      slot.innerHTML = html;
    }, log);
  }

  // A post anywhere on the page: edited, reactions changed, deleted

  function refreshCard(id) {
    if (!postElement(id)) {
      return;
    }
    fetchHtml(urlFor(config.cardUrl, id)).then(function (html) {
      var current = postElement(id);
      var card = fragment(html).firstElementChild;
      if (current && card) {
        current.replaceWith(card);
        activate(card);
      }
    }, function (error) {
      if (error.status === 404) {
        removePost(id);
      } else {
        log(error);
      }
    });
  }

  function refreshActions(id) {
    if (!postElement(id)) {
      return;
    }
    fetchHtml(urlFor(config.actionsUrl, id)).then(function (html) {
      var current = postElement(id);
      var actions = fragment(html).firstElementChild;
      var old = current && current.querySelector(":scope > .post-actions");
      if (old && actions) {
        old.replaceWith(actions);
        activate(actions);
      }
    }, log);
  }

  function removePost(id) {
    var element = postElement(id);
    if (!element) {
      return;
    }
    var tombstone = document.getElementById("live-tombstone");
    var item = element.parentElement && element.parentElement.closest("#replies li");
    var hasReplies = item && item.querySelector(":scope > ol.thread > li");
    var isPagePost = thread && thread.dataset.livePost === id;
    // As the thread page shows them: a deleted post with comments under it (or the page's own
    // post) becomes a tombstone; one without disappears; in a feed it disappears.
    if (tombstone && (hasReplies || isPagePost)) {
      var article = document.createElement("article");
      article.className = "post card";
      article.id = element.id;
      article.appendChild(tombstone.content.cloneNode(true));
      element.replaceWith(article);
    } else if (item) {
      item.remove();
    } else {
      element.remove();
    }
  }

  // A post's page: comments in its thread

  var thread = document.querySelector("[data-live-thread]");
  var replies = document.getElementById("replies");

  function insertComment(card) {
    var id = card.id.replace("post-", "");
    if (postElement(id)) {
      return;
    }
    var parentId = card.dataset.inReplyTo;
    var list = null;
    if (parentId === thread.dataset.livePost) {
      list = replies;
    } else {
      var parent = postElement(parentId);
      var parentItem = parent && replies.contains(parent) ? parent.parentElement : null;
      if (!parentItem) {
        return; // A comment on a post this page does not show.
      }
      list = parentItem.querySelector(":scope > ol.thread");
      if (!list) {
        list = document.createElement("ol");
        list.className = "thread";
        parentItem.appendChild(list);
      }
    }
    var item = document.createElement("li");
    item.appendChild(card);
    list.appendChild(item);
    activate(item);
    var empty = document.getElementById("no-comments");
    if (empty) {
      empty.remove();
    }
  }

  function addComment(id) {
    if (postElement(id)) {
      return;
    }
    fetchHtml(urlFor(config.cardUrl, id)).then(function (html) {
      var card = fragment(html).firstElementChild;
      if (card) {
        insertComment(card);
      }
    }, log);
  }

  function catchUpThread() {
    fetchHtml(thread.dataset.repliesUrl).then(function (html) {
      var fresh = fragment(html);
      if (!fresh.firstElementChild) {
        return;
      }
      replies.replaceChildren(fresh);
      activate(replies);
      var empty = document.getElementById("no-comments");
      if (empty) {
        empty.remove();
      }
    }, log);
    refreshCard(thread.dataset.livePost);
  }

  function removeDuplicates() {
    // A comment the reader wrote arrives both from the form (htmx) and from the stream.
    var seen = {};
    replies.querySelectorAll("article[id^='post-']").forEach(function (article) {
      if (seen[article.id]) {
        var item = article.parentElement;
        (item && item.tagName === "LI" ? item : article).remove();
      } else {
        seen[article.id] = true;
      }
    });
  }

  // The home feed: "N new posts", inserted on click

  var feed = document.querySelector('[data-live-feed="home"]');
  var newPostsButton = document.getElementById("new-posts");
  var pending = new Set();
  var inserting = false;

  function newerUrl() {
    return "?min_id=" + encodeURIComponent(feed.dataset.newest || "0");
  }

  function isNewer(key) {
    try {
      return BigInt(key) > BigInt(feed.dataset.newest || "0");
    } catch (error) {
      return false;
    }
  }

  function showNewPosts() {
    if (!newPostsButton) {
      return;
    }
    var count = pending.size;
    if (count === 0) {
      newPostsButton.hidden = true;
      return;
    }
    var lang = document.documentElement.lang || "en";
    var category = "other";
    try {
      category = new Intl.PluralRules(lang).select(count);
    } catch (error) {
      category = count === 1 ? "one" : "other";
    }
    var text = category === "one" ? newPostsButton.dataset.one : newPostsButton.dataset.other;
    newPostsButton.textContent = text.replace("%(count)s", String(count));
    newPostsButton.hidden = false;
  }

  function noteNewPost(key) {
    if (isNewer(key)) {
      pending.add(key);
      showNewPosts();
    }
  }

  function catchUpFeed() {
    fetchHtml(newerUrl()).then(function (html) {
      var batch = fragment(html).firstElementChild;
      if (!batch) {
        return;
      }
      (batch.dataset.newKeys || "").split(" ").forEach(function (key) {
        if (key) {
          noteNewPost(key);
        }
      });
    }, log);
  }

  function insertNewPosts(rounds) {
    return fetchHtml(newerUrl()).then(function (html) {
      var batch = fragment(html).firstElementChild;
      if (!batch) {
        return;
      }
      var cards = Array.prototype.filter.call(batch.children, function (card) {
        return !document.getElementById(card.id);
      });
      var first = feed.firstElementChild;
      cards.forEach(function (card) {
        feed.insertBefore(card, first);
        activate(card);
      });
      if (batch.dataset.newest) {
        feed.dataset.newest = batch.dataset.newest;
      }
      var empty = document.getElementById("empty-feed");
      if (empty && feed.querySelector("article")) {
        empty.remove();
      }
      if (batch.hasAttribute("data-has-newer") && rounds > 1) {
        return insertNewPosts(rounds - 1);
      }
      return undefined;
    });
  }

  if (newPostsButton && feed) {
    newPostsButton.addEventListener("click", function () {
      if (inserting) {
        return;
      }
      inserting = true;
      insertNewPosts(10).then(function () {
        pending.forEach(function (key) {
          if (!isNewer(key)) {
            pending.delete(key);
          }
        });
        showNewPosts();
        var newest = feed.querySelector("article");
        if (newest) {
          newest.setAttribute("tabindex", "-1");
          newest.focus();
        }
      }, log).finally(function () {
        inserting = false;
      });
    });
  }

  // Events

  function statusId(payload) {
    try {
      return String(JSON.parse(payload).id);
    } catch (error) {
      return null;
    }
  }

  function handle(message) {
    if (!message.stream || !message.event) {
      if (message.error) {
        log(message.error);
      }
      return;
    }
    var stream = message.stream[0];
    var event = message.event;
    var payload = message.payload;
    if (event === "notification") {
      refreshBadge();
    } else if (event === "update" && stream === "user" && feed) {
      var status = JSON.parse(payload);
      if (!status.account || String(status.account.id) !== config.actor) {
        noteNewPost(String(status.id));
      }
    } else if (event === "status.update") {
      var id = statusId(payload);
      if (id) {
        refreshCard(id);
      }
    } else if (event === "delete") {
      pending.delete(String(payload));
      showNewPosts();
      removePost(String(payload));
    } else if (event === "candela.comment" && thread) {
      addComment(statusId(payload));
    } else if (event === "candela.reactions") {
      refreshActions(statusId(payload));
    }
  }

  // The connection

  var socket = null;
  var delay = MIN_DELAY;
  var opened = false;
  var retry = null;

  function subscriptions() {
    var list = [{ type: "subscribe", stream: "user" }];
    if (thread) {
      list.push({ type: "subscribe", stream: "candela.thread", post: thread.dataset.liveThread });
    }
    return list;
  }

  function catchUp() {
    refreshBadge();
    if (thread) {
      catchUpThread();
    }
    if (feed) {
      catchUpFeed();
    }
  }

  function connect() {
    retry = null;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + config.streamPath);
    socket.addEventListener("open", function () {
      subscriptions().forEach(function (message) {
        socket.send(JSON.stringify(message));
      });
      delay = MIN_DELAY;
      // What happened while the page had no connection (or loaded before it had one).
      if (opened) {
        catchUp();
      } else if (feed) {
        catchUpFeed();
      }
      opened = true;
    });
    socket.addEventListener("message", function (event) {
      try {
        handle(JSON.parse(event.data));
      } catch (error) {
        log(error);
      }
    });
    socket.addEventListener("close", function () {
      socket = null;
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    if (retry !== null) {
      return;
    }
    // Jitter: after a server restart, pages do not all come back at the same instant.
    var wait = delay / 2 + Math.random() * (delay / 2);
    delay = Math.min(delay * 2, MAX_DELAY);
    retry = window.setTimeout(connect, wait);
  }

  window.addEventListener("online", function () {
    if (socket === null && retry !== null) {
      window.clearTimeout(retry);
      retry = null;
      delay = MIN_DELAY;
      connect();
    }
  });

  if (replies) {
    document.body.addEventListener("htmx:afterSettle", removeDuplicates);
  }

  connect();
})();
