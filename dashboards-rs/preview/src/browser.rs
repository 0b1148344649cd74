//! A small synchronous driver of headless Chromium over the Chrome DevTools Protocol (CDP).
//!
//! [`Browser::launch`] starts Debian's Chromium (`/usr/bin/chromium`, or `$CHROMIUM_PATH`) with a fresh profile
//! and connects to its DevTools websocket; [`Browser::new_page`] opens a tab of a given size, which
//! [`Page::goto`]s a URL, [`Page::evaluate`]s JavaScript, [`Page::wait_until`] a predicate holds, and takes
//! [`Page::screenshot_png`]s. Every call has a timeout, and every failure is a [`BrowserError`] that says what
//! to do about it.
//!
//! ```no_run
//! use grafana_preview::browser::Browser;
//! use std::time::Duration;
//!
//! let browser = Browser::launch()?;
//! let page = browser.new_page(1600, 900)?;
//! page.goto("http://127.0.0.1:3000/")?;
//! page.wait_until("document.querySelector('#ready') !== null", Duration::from_secs(30))?;
//! std::fs::write("dashboard.png", page.screenshot_png(true)?)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! One websocket carries every page's messages (flattened CDP sessions). There is no reader thread: whoever
//! waits for an answer reads the socket and files the events it meets under their page, so nothing runs
//! between calls and no lock is held across them.

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, ErrorKind};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use serde_json::{json, Value};
use tungstenite::protocol::WebSocketConfig;
use tungstenite::{Message, WebSocket};

/// Where Debian's package installs Chromium.
pub const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

/// The environment variable naming another Chromium binary.
pub const CHROMIUM_PATH_VAR: &str = "CHROMIUM_PATH";

/// How long Chromium may take to print its DevTools address.
pub const LAUNCH_TIMEOUT: Duration = Duration::from_secs(30);

/// The default timeout of a page's calls and navigations ([`Page::set_timeout`] changes it).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How often [`Page::wait_until`] asks again.
const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// Lines of Chromium's stderr kept for error messages.
const STDERR_TAIL_LINES: usize = 30;

/// Console errors kept per page, so a page logging in a loop cannot exhaust memory.
const MAX_CONSOLE_ERRORS: usize = 1000;

/// Beyond this height GPU textures run out and Chromium returns blank or failed captures.
const MAX_SCREENSHOT_HEIGHT: u64 = 16_384;

/// The install hint, shared by every error about a missing or broken Chromium.
const INSTALL_HINT: &str =
    "install Debian's Chromium: apt-get install -y --no-install-recommends chromium, or set CHROMIUM_PATH";

/// Anything that can go wrong driving Chromium; each message names the thing and the fix.
#[derive(Debug, thiserror::Error)]
pub enum BrowserError {
    /// No Chromium at the path.
    #[error("Chromium is not at {}: {INSTALL_HINT}", path.display())]
    NotFound {
        /// The path tried.
        path: PathBuf,
    },
    /// Chromium could not be started.
    #[error("could not start Chromium at {}: {source}; check it is an executable Chromium, or {INSTALL_HINT}", path.display())]
    Spawn {
        /// The binary.
        path: PathBuf,
        /// Why the operating system refused.
        source: std::io::Error,
    },
    /// The fresh profile directory could not be made.
    #[error("could not create Chromium's profile directory {}: {source}; make TMPDIR point to a writable directory", path.display())]
    Profile {
        /// The directory.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// Chromium exited before it listened for DevTools.
    #[error("Chromium at {} exited ({status}) before listening for DevTools; its stderr ends with:\n{stderr}", path.display())]
    Exited {
        /// The binary.
        path: PathBuf,
        /// How it exited.
        status: String,
        /// The last lines of its stderr.
        stderr: String,
    },
    /// Chromium did not print its DevTools address in time.
    #[error("Chromium at {} printed no `DevTools listening on ws://…` line within {waited:?} (is the machine overloaded?); its stderr ends with:\n{stderr}", path.display())]
    LaunchTimeout {
        /// The binary.
        path: PathBuf,
        /// How long we waited.
        waited: Duration,
        /// The last lines of its stderr.
        stderr: String,
    },
    /// The DevTools websocket could not be opened.
    #[error("could not connect to Chromium's DevTools at {url}: {message}; Chromium may have crashed, see its stderr (RUST_LOG=chromium=debug)")]
    Connect {
        /// The websocket address.
        url: String,
        /// Why.
        message: String,
    },
    /// The DevTools connection broke, usually because Chromium died.
    #[error("Chromium's DevTools connection broke during {method}: {reason}; Chromium has probably crashed (out of memory? see its stderr with RUST_LOG=chromium=debug)")]
    Disconnected {
        /// The call or wait under way.
        method: String,
        /// What the socket said.
        reason: String,
    },
    /// Chromium did not answer a call in time.
    #[error("Chromium did not answer {method} within {timeout:?}: the page may be stuck in a script; raise the timeout with Page::set_timeout if it is just slow")]
    Timeout {
        /// The call.
        method: String,
        /// How long we waited.
        timeout: Duration,
    },
    /// Chromium answered a call with an error.
    #[error("Chromium refused {method}: {message}")]
    Protocol {
        /// The call.
        method: String,
        /// Chromium's error message.
        message: String,
    },
    /// The page's renderer crashed or the tab was closed.
    #[error("the page is gone ({reason}); open a new one with Browser::new_page")]
    PageGone {
        /// What Chromium reported.
        reason: String,
    },
    /// A navigation failed (unreachable server, bad URL).
    #[error("could not load {url}: {error}; check the URL and that its server is running")]
    Navigation {
        /// The URL.
        url: String,
        /// Chromium's network error, e.g. `net::ERR_CONNECTION_REFUSED`.
        error: String,
    },
    /// The page's load event did not come in time.
    #[error("{url} did not finish loading within {timeout:?}: a resource may be hanging; raise the timeout with Page::set_timeout")]
    LoadTimeout {
        /// The URL.
        url: String,
        /// How long we waited.
        timeout: Duration,
    },
    /// Evaluated JavaScript threw (or its promise rejected).
    #[error("JavaScript `{expression}` threw: {message}")]
    JavaScript {
        /// The expression, shortened.
        expression: String,
        /// The exception's text.
        message: String,
    },
    /// A [`Page::wait_until`] predicate never returned `true`.
    #[error("`{predicate}` was not true within {timeout:?}{}; check the page's console errors and that the predicate can become true", last_error.as_ref().map(|e| format!(" (it last threw: {e})")).unwrap_or_default())]
    WaitTimeout {
        /// The predicate, shortened.
        predicate: String,
        /// How long we waited.
        timeout: Duration,
        /// The exception the predicate last threw, if it did.
        last_error: Option<String>,
    },
    /// A page size of zero.
    #[error("page size {width}x{height} is invalid: width and height must be at least 1")]
    InvalidSize {
        /// The width asked for.
        width: u32,
        /// The height asked for.
        height: u32,
    },
    /// Chromium's answer lacked something it always sends.
    #[error(
        "Chromium's answer to {method} is malformed ({what}); check that CHROMIUM_PATH (default {DEFAULT_CHROMIUM}) is a real Chromium"
    )]
    Malformed {
        /// The call.
        method: String,
        /// What was missing or wrong.
        what: String,
    },
}

/// A running headless Chromium; dropping it closes Chromium and removes its profile.
pub struct Browser {
    conn: Arc<Mutex<Connection>>,
    child: Child,
    profile: PathBuf,
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Browser")
            .field("pid", &self.child.id())
            .field("profile", &self.profile)
            .finish()
    }
}

impl Browser {
    /// The Chromium binary [`Browser::launch`] uses: `$CHROMIUM_PATH`, else [`DEFAULT_CHROMIUM`].
    pub fn default_path() -> PathBuf {
        std::env::var_os(CHROMIUM_PATH_VAR)
            .filter(|p| !p.is_empty())
            .map_or_else(|| PathBuf::from(DEFAULT_CHROMIUM), PathBuf::from)
    }

    /// Starts headless Chromium from [`Browser::default_path`] and connects to it.
    pub fn launch() -> Result<Browser, BrowserError> {
        Self::launch_at(Self::default_path())
    }

    /// Starts headless Chromium from `path` and connects to it.
    pub fn launch_at(path: impl AsRef<Path>) -> Result<Browser, BrowserError> {
        let path = path.as_ref().to_path_buf();
        if !path.is_file() {
            return Err(BrowserError::NotFound { path });
        }
        let profile = fresh_profile_dir()?;
        match Self::start(&path, &profile) {
            Ok((conn, child)) => Ok(Browser {
                conn: Arc::new(Mutex::new(conn)),
                child,
                profile,
            }),
            Err(e) => {
                remove_profile(&profile);
                Err(e)
            }
        }
    }

    fn start(path: &Path, profile: &Path) -> Result<(Connection, Child), BrowserError> {
        let mut command = Command::new(path);
        command
            .arg("--headless=new")
            .arg("--remote-debugging-port=0")
            .arg(format!("--user-data-dir={}", profile.display()))
            .args([
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-gpu",
                "--hide-scrollbars",
                "--mute-audio",
                // Screenshots wait on timers and animation frames; never let Chromium slow them down for a
                // tab it considers in the background.
                "--disable-background-timer-throttling",
                "--disable-backgrounding-occluded-windows",
                "--disable-renderer-backgrounding",
                // Containers often have a 64 MB /dev/shm, which crashes Chromium on big pages; Debian's wrapper
                // adds this flag for small /dev/shm, but its check breaks when /dev/shm is mounted twice.
                "--disable-dev-shm-usage",
            ]);
        // Chromium refuses to start its sandbox as root, and CI runs as root; elsewhere keep the sandbox.
        if running_as_root() {
            command.arg("--no-sandbox");
        }
        command.arg("about:blank");
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|source| BrowserError::Spawn {
                path: path.to_path_buf(),
                source,
            })?;

        let tail = Arc::new(Mutex::new(VecDeque::new()));
        let (found, address) = mpsc::channel();
        if let Some(stderr) = child.stderr.take() {
            let tail = Arc::clone(&tail);
            // Chromium blocks once a full pipe stops being read, so this thread reads until Chromium and
            // all its children have closed stderr, long after the address is found.
            let spawned = thread::Builder::new()
                .name("chromium-stderr".into())
                .spawn(move || drain_stderr(stderr, &tail, &found));
            if let Err(source) = spawned {
                kill(&mut child);
                return Err(BrowserError::Spawn {
                    path: path.to_path_buf(),
                    source,
                });
            }
        }

        let url = match address.recv_timeout(LAUNCH_TIMEOUT) {
            Ok(url) => url,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                kill(&mut child);
                return Err(BrowserError::LaunchTimeout {
                    path: path.to_path_buf(),
                    waited: LAUNCH_TIMEOUT,
                    stderr: tail_text(&tail),
                });
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let status = wait_briefly(&mut child);
                return Err(BrowserError::Exited {
                    path: path.to_path_buf(),
                    status: status.map_or_else(|| "still running, stderr closed".into(), |s| s.to_string()),
                    stderr: tail_text(&tail),
                });
            }
        };
        match Connection::open(&url) {
            Ok(conn) => Ok((conn, child)),
            Err(e) => {
                kill(&mut child);
                Err(e)
            }
        }
    }

    /// Chromium's version string, e.g. `Chrome/156.0.8078.108` (`HeadlessChrome/…` in headless mode).
    pub fn version(&self) -> Result<String, BrowserError> {
        let result = lock(&self.conn).call(None, "Browser.getVersion", json!({}), DEFAULT_TIMEOUT)?;
        str_field(&result, "product", "Browser.getVersion")
    }

    /// Opens a blank tab whose viewport is `width`×`height` CSS pixels at device scale 1.
    pub fn new_page(&self, width: u32, height: u32) -> Result<Page, BrowserError> {
        if width == 0 || height == 0 {
            return Err(BrowserError::InvalidSize { width, height });
        }
        let (target, session) = {
            let mut conn = lock(&self.conn);
            // Chromium 156 rejects a size here unless `newWindow` is set ("Target position can only be set
            // for new windows"); the device metrics override below sizes the viewport instead.
            let created = conn.call(
                None,
                "Target.createTarget",
                json!({"url": "about:blank"}),
                DEFAULT_TIMEOUT,
            )?;
            let target = str_field(&created, "targetId", "Target.createTarget")?;
            let attached = conn.call(
                None,
                "Target.attachToTarget",
                json!({"targetId": target, "flatten": true}),
                DEFAULT_TIMEOUT,
            )?;
            let session = str_field(&attached, "sessionId", "Target.attachToTarget")?;
            conn.sessions.insert(session.clone(), SessionState::default());
            (target, session)
        };
        let page = Page {
            conn: Arc::clone(&self.conn),
            target,
            session,
            width,
            height,
            timeout: DEFAULT_TIMEOUT,
        };
        page.call("Page.enable", json!({}))?;
        page.call("Page.setLifecycleEventsEnabled", json!({"enabled": true}))?;
        page.call("Runtime.enable", json!({}))?;
        page.call("Log.enable", json!({}))?;
        page.set_viewport(u64::from(height))?;
        Ok(page)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Closing over CDP lets Chromium stop its helper processes; a bare kill can leave them behind
        // writing into the profile we are about to remove.
        // Chromium may hang up before it answers Browser.close: that too means it is closing.
        let closed = matches!(
            lock(&self.conn).call(None, "Browser.close", json!({}), Duration::from_secs(2)),
            Ok(_) | Err(BrowserError::Disconnected { .. })
        );
        if !closed || wait_for_exit(&mut self.child, Duration::from_secs(5)).is_none() {
            kill(&mut self.child);
        }
        remove_profile(&self.profile);
    }
}

/// A tab in a [`Browser`]; dropping it closes the tab.
///
/// A page shares the browser's connection: once the [`Browser`] is dropped its calls fail with
/// [`BrowserError::Disconnected`].
pub struct Page {
    conn: Arc<Mutex<Connection>>,
    target: String,
    session: String,
    width: u32,
    height: u32,
    timeout: Duration,
}

impl std::fmt::Debug for Page {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Page")
            .field("target", &self.target)
            .field("width", &self.width)
            .field("height", &self.height)
            .finish()
    }
}

impl Page {
    /// Sets the timeout of every later call and navigation (default [`DEFAULT_TIMEOUT`]).
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// The viewport size this page was opened with, in CSS pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    /// Sends one CDP command to this page and returns its result.
    pub fn call(&self, method: &str, params: Value) -> Result<Value, BrowserError> {
        self.call_within(method, params, self.timeout)
    }

    fn call_within(&self, method: &str, params: Value, timeout: Duration) -> Result<Value, BrowserError> {
        lock(&self.conn).call(Some(&self.session), method, params, timeout)
    }

    /// Navigates to `url` and waits for its load event.
    pub fn goto(&self, url: &str) -> Result<(), BrowserError> {
        let started = Instant::now();
        let navigated = self.call("Page.navigate", json!({"url": url}))?;
        if let Some(error) = navigated.get("errorText").and_then(Value::as_str) {
            if !error.is_empty() {
                return Err(BrowserError::Navigation {
                    url: url.to_string(),
                    error: error.to_string(),
                });
            }
        }
        // Without a loader the navigation stayed in the same document (a `#fragment`), which fires no load.
        let Some(loader) = navigated.get("loaderId").and_then(Value::as_str) else {
            return Ok(());
        };
        let deadline = started + self.timeout;
        let mut conn = lock(&self.conn);
        let loaded = conn.wait_for(&self.session, deadline, "Page.navigate", |state| {
            state.loaded.iter().any(|l| l == loader)
        })?;
        if loaded {
            Ok(())
        } else {
            Err(BrowserError::LoadTimeout {
                url: url.to_string(),
                timeout: self.timeout,
            })
        }
    }

    /// Evaluates a JavaScript expression (awaiting a promise) and returns its value as JSON (`null` for
    /// `undefined`).
    pub fn evaluate(&self, expression: &str) -> Result<Value, BrowserError> {
        self.evaluate_within(expression, self.timeout)
    }

    fn evaluate_within(&self, expression: &str, timeout: Duration) -> Result<Value, BrowserError> {
        let result = self.call_within(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
            timeout,
        )?;
        if let Some(details) = result.get("exceptionDetails") {
            return Err(BrowserError::JavaScript {
                expression: shorten(expression),
                message: exception_text(details),
            });
        }
        Ok(result
            .get("result")
            .and_then(|r| r.get("value"))
            .cloned()
            .unwrap_or(Value::Null))
    }

    /// Evaluates `predicate` every ~100 ms until it returns `true`; throwing counts as not yet.
    pub fn wait_until(&self, predicate: &str, timeout: Duration) -> Result<(), BrowserError> {
        let deadline = Instant::now() + timeout;
        let mut last_error = None;
        loop {
            // A stuck predicate must not outlive the wait, but a nearly-expired wait still gets a fair try.
            let budget = deadline
                .saturating_duration_since(Instant::now())
                .max(Duration::from_secs(1));
            match self.evaluate_within(predicate, budget) {
                Ok(Value::Bool(true)) => return Ok(()),
                Ok(_) => last_error = None,
                Err(BrowserError::JavaScript { message, .. }) => last_error = Some(message),
                // A navigation under way destroys the context the predicate ran in: try the next one.
                Err(BrowserError::Protocol { message, .. }) if message.contains("context") => {
                    last_error = Some(message);
                }
                Err(BrowserError::Timeout { .. }) => {}
                Err(e) => return Err(e),
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(BrowserError::WaitTimeout {
                    predicate: shorten(predicate),
                    timeout,
                    last_error,
                });
            }
            thread::sleep(POLL_INTERVAL.min(deadline - now));
        }
    }

    /// A PNG of the viewport, or of the whole document's height when `full_page` (capped at 16384 px).
    pub fn screenshot_png(&self, full_page: bool) -> Result<Vec<u8>, BrowserError> {
        if !full_page {
            return self.capture();
        }
        let measured = self.evaluate(
            "Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)",
        )?;
        let height = measured
            .as_u64()
            .or_else(|| measured.as_f64().map(|h| h.ceil() as u64))
            .unwrap_or(0)
            .clamp(
                u64::from(self.height),
                MAX_SCREENSHOT_HEIGHT.max(u64::from(self.height)),
            );
        if height == u64::from(self.height) {
            return self.capture();
        }
        self.set_viewport(height)?;
        let shot = self.settle().and_then(|()| self.capture());
        let restored = self.set_viewport(u64::from(self.height));
        let png = shot?;
        restored?;
        Ok(png)
    }

    /// Page errors seen so far: uncaught exceptions, `console.error` calls and error log entries (failed
    /// loads).
    pub fn console_errors(&self) -> Result<Vec<String>, BrowserError> {
        let mut conn = lock(&self.conn);
        // Events are only read while someone waits; collect what has arrived since.
        conn.wait_for(&self.session, Instant::now(), "Page.console_errors", |_| false)?;
        Ok(conn
            .sessions
            .get(&self.session)
            .map(|s| s.console_errors.clone())
            .unwrap_or_default())
    }

    fn set_viewport(&self, height: u64) -> Result<(), BrowserError> {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": self.width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        )
        .map(drop)
    }

    /// Waits for two animation frames, so a resize has been laid out and painted before a capture.
    fn settle(&self) -> Result<(), BrowserError> {
        self.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))")
            .map(drop)
    }

    fn capture(&self) -> Result<Vec<u8>, BrowserError> {
        let method = "Page.captureScreenshot";
        let result = self.call(method, json!({"format": "png"}))?;
        let data = str_field(&result, "data", method)?;
        base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|e| BrowserError::Malformed {
                method: method.into(),
                what: format!("screenshot is not base64: {e}"),
            })
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        let mut conn = lock(&self.conn);
        // Best effort: a crashed page or a dead browser has nothing left to close.
        let _ = conn.call(
            None,
            "Target.closeTarget",
            json!({"targetId": self.target}),
            Duration::from_secs(2),
        );
        conn.sessions.remove(&self.session);
    }
}

/// What a page's events told us, kept until asked for.
#[derive(Debug, Default)]
struct SessionState {
    /// Loader ids whose `load` lifecycle event came (the last few: only the newest navigation matters).
    loaded: VecDeque<String>,
    console_errors: Vec<String>,
    /// Why the page is gone, once it is.
    gone: Option<String>,
}

/// The DevTools websocket, with the events read so far filed per session.
struct Connection {
    ws: WebSocket<TcpStream>,
    next_id: u64,
    sessions: HashMap<String, SessionState>,
    /// Why the connection broke, once it has: later calls fail at once instead of timing out.
    broken: Option<String>,
}

impl Connection {
    fn open(url: &str) -> Result<Connection, BrowserError> {
        let connect_error = |message: String| BrowserError::Connect {
            url: url.to_string(),
            message,
        };
        let authority = url
            .strip_prefix("ws://")
            .and_then(|rest| rest.split('/').next())
            .ok_or_else(|| connect_error("not a ws:// address".into()))?;
        let address = authority
            .to_socket_addrs()
            .map_err(|e| connect_error(e.to_string()))?
            .next()
            .ok_or_else(|| connect_error(format!("{authority} resolves to no address")))?;
        let stream =
            TcpStream::connect_timeout(&address, Duration::from_secs(10)).map_err(|e| connect_error(e.to_string()))?;
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .and_then(|()| stream.set_write_timeout(Some(Duration::from_secs(10))))
            .and_then(|()| stream.set_nodelay(true))
            .map_err(|e| connect_error(e.to_string()))?;
        // Full-page screenshots arrive as one base64 message of many megabytes.
        let config = WebSocketConfig::default()
            .max_message_size(Some(512 << 20))
            .max_frame_size(Some(512 << 20));
        let (ws, _) = tungstenite::client::client_with_config(url, stream, Some(config))
            .map_err(|e| connect_error(e.to_string()))?;
        Ok(Connection {
            ws,
            next_id: 0,
            sessions: HashMap::new(),
            broken: None,
        })
    }

    fn call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> Result<Value, BrowserError> {
        self.check(session, method)?;
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = Value::from(session);
        }
        if let Err(e) = self.ws.send(Message::text(message.to_string())) {
            return Err(self.break_with(method, e.to_string()));
        }
        let deadline = Instant::now() + timeout;
        loop {
            match self.read(deadline, method)? {
                Some(reply) if reply.get("id").and_then(Value::as_u64) == Some(id) => {
                    return match reply.get("error") {
                        Some(error) => Err(BrowserError::Protocol {
                            method: method.to_string(),
                            message: protocol_message(error),
                        }),
                        None => Ok(reply.get("result").cloned().unwrap_or(Value::Null)),
                    };
                }
                // Answers to calls that timed out earlier arrive late; nobody wants them any more.
                Some(_) => {}
                None => {
                    self.check(session, method)?;
                    if Instant::now() >= deadline {
                        return Err(BrowserError::Timeout {
                            method: method.to_string(),
                            timeout,
                        });
                    }
                }
            }
            self.check(session, method)?;
        }
    }

    /// Reads events until `done` holds for the session's state (`true`) or the deadline passes (`false`).
    fn wait_for(
        &mut self,
        session: &str,
        deadline: Instant,
        during: &str,
        done: impl Fn(&SessionState) -> bool,
    ) -> Result<bool, BrowserError> {
        loop {
            self.check(Some(session), during)?;
            if self.sessions.get(session).is_some_and(&done) {
                return Ok(true);
            }
            if self.read(deadline, during)?.is_none() && Instant::now() >= deadline {
                return Ok(self.sessions.get(session).is_some_and(&done));
            }
        }
    }

    fn check(&self, session: Option<&str>, method: &str) -> Result<(), BrowserError> {
        if let Some(reason) = &self.broken {
            return Err(BrowserError::Disconnected {
                method: method.to_string(),
                reason: reason.clone(),
            });
        }
        if let Some(reason) = session.and_then(|s| self.sessions.get(s)).and_then(|s| s.gone.as_ref()) {
            return Err(BrowserError::PageGone { reason: reason.clone() });
        }
        Ok(())
    }

    /// Reads one message, filing it if it is an event; `None` when nothing came before the deadline.
    fn read(&mut self, deadline: Instant, method: &str) -> Result<Option<Value>, BrowserError> {
        if let Some(reason) = &self.broken {
            return Err(BrowserError::Disconnected {
                method: method.to_string(),
                reason: reason.clone(),
            });
        }
        // A zero read timeout is an error to the OS; a millisecond still lets queued messages through.
        let wait = deadline
            .saturating_duration_since(Instant::now())
            .max(Duration::from_millis(1));
        if let Err(e) = self.ws.get_mut().set_read_timeout(Some(wait)) {
            return Err(self.break_with(method, e.to_string()));
        }
        let message = match self.ws.read() {
            Ok(message) => message,
            Err(tungstenite::Error::Io(e)) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Ok(None);
            }
            Err(e) => return Err(self.break_with(method, e.to_string())),
        };
        let text = match message {
            Message::Text(text) => text,
            Message::Close(frame) => {
                let reason = frame.map_or_else(|| "closed".to_string(), |f| format!("closed: {}", f.reason));
                return Err(self.break_with(method, reason));
            }
            // Pings are answered by tungstenite itself; Chromium sends no binary messages.
            _ => return Ok(None),
        };
        let value: Value = match serde_json::from_str(text.as_str()) {
            Ok(value) => value,
            Err(e) => {
                return Err(BrowserError::Malformed {
                    method: method.to_string(),
                    what: format!("a message is not JSON: {e}"),
                })
            }
        };
        if value.get("id").is_none() {
            self.file_event(&value);
        }
        Ok(Some(value))
    }

    fn break_with(&mut self, method: &str, reason: String) -> BrowserError {
        self.broken = Some(reason.clone());
        BrowserError::Disconnected {
            method: method.to_string(),
            reason,
        }
    }

    fn file_event(&mut self, event: &Value) {
        let method = event.get("method").and_then(Value::as_str).unwrap_or_default();
        let params = event.get("params").unwrap_or(&Value::Null);
        // Detaching is announced on the browser session, naming the page's session in its parameters.
        if method == "Target.detachedFromTarget" {
            if let Some(state) = params
                .get("sessionId")
                .and_then(Value::as_str)
                .and_then(|s| self.sessions.get_mut(s))
            {
                state.gone.get_or_insert_with(|| "the tab was closed".into());
            }
            return;
        }
        let Some(state) = event
            .get("sessionId")
            .and_then(Value::as_str)
            .and_then(|s| self.sessions.get_mut(s))
        else {
            return;
        };
        let error = match method {
            "Page.lifecycleEvent" if params.get("name").and_then(Value::as_str) == Some("load") => {
                if let Some(loader) = params.get("loaderId").and_then(Value::as_str) {
                    if state.loaded.len() >= 16 {
                        state.loaded.pop_front();
                    }
                    state.loaded.push_back(loader.to_string());
                }
                None
            }
            "Inspector.targetCrashed" => {
                state.gone = Some("its renderer crashed, perhaps out of memory".into());
                None
            }
            "Runtime.exceptionThrown" => params.get("exceptionDetails").map(exception_text),
            "Runtime.consoleAPICalled" if params.get("type").and_then(Value::as_str) == Some("error") => {
                let args = params
                    .get("args")
                    .and_then(Value::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                Some(args.iter().map(remote_object_text).collect::<Vec<_>>().join(" "))
            }
            "Log.entryAdded" => params
                .get("entry")
                .filter(|e| e.get("level").and_then(Value::as_str) == Some("error"))
                .map(|entry| {
                    let text = entry.get("text").and_then(Value::as_str).unwrap_or_default();
                    match entry.get("url").and_then(Value::as_str) {
                        Some(url) if !url.is_empty() => format!("{text} ({url})"),
                        _ => text.to_string(),
                    }
                }),
            _ => None,
        };
        if let Some(error) = error {
            if state.console_errors.len() < MAX_CONSOLE_ERRORS {
                state.console_errors.push(error);
            }
        }
    }
}

/// The text of a CDP `exceptionDetails`: the exception's description (message and stack) when there is one.
fn exception_text(details: &Value) -> String {
    let described = details
        .get("exception")
        .map(remote_object_text)
        .filter(|text| !text.is_empty());
    described.unwrap_or_else(|| {
        details
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or("unknown exception")
            .to_string()
    })
}

/// How a `RemoteObject` reads in a message: strings bare, other values as JSON, objects by description.
fn remote_object_text(object: &Value) -> String {
    match object.get("value") {
        Some(Value::String(text)) => text.clone(),
        Some(value) if object.get("description").is_none() => value.to_string(),
        _ => object
            .get("description")
            .or_else(|| object.get("unserializableValue"))
            .and_then(Value::as_str)
            .map_or_else(
                || {
                    object
                        .get("type")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string()
                },
                str::to_string,
            ),
    }
}

fn protocol_message(error: &Value) -> String {
    let message = error.get("message").and_then(Value::as_str).unwrap_or("unknown error");
    match error.get("data").and_then(Value::as_str) {
        Some(data) if !data.is_empty() => format!("{message} ({data})"),
        _ => message.to_string(),
    }
}

fn str_field(result: &Value, field: &str, method: &str) -> Result<String, BrowserError> {
    result
        .get(field)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| BrowserError::Malformed {
            method: method.to_string(),
            what: format!("no `{field}`"),
        })
}

/// JavaScript in error messages, cut to a readable length.
fn shorten(code: &str) -> String {
    const MAX: usize = 200;
    match code.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &code[..cut]),
        None => code.to_string(),
    }
}

fn lock(conn: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic while holding the lock leaves at worst unread events behind; the socket itself stays usable.
    conn.lock().unwrap_or_else(PoisonError::into_inner)
}

fn drain_stderr(stderr: impl std::io::Read, tail: &Mutex<VecDeque<String>>, found: &mpsc::Sender<String>) {
    let mut reader = BufReader::new(stderr);
    let mut line = Vec::new();
    let mut announced = false;
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let text = String::from_utf8_lossy(&line).trim_end().to_string();
        tracing::debug!(target: "chromium", "{text}");
        if !announced {
            if let Some(at) = text.find("DevTools listening on ") {
                let url = text[at + "DevTools listening on ".len()..].trim().to_string();
                announced = found.send(url).is_ok();
            }
        }
        // Without a system bus (containers) Chromium logs dozens of harmless D-Bus errors, which would crowd
        // the lines that explain a failure out of the tail.
        if text.contains(":ERROR:dbus/") {
            continue;
        }
        let mut tail = tail.lock().unwrap_or_else(PoisonError::into_inner);
        if tail.len() >= STDERR_TAIL_LINES {
            tail.pop_front();
        }
        tail.push_back(text);
    }
}

fn tail_text(tail: &Mutex<VecDeque<String>>) -> String {
    let tail = tail.lock().unwrap_or_else(PoisonError::into_inner);
    if tail.is_empty() {
        "(nothing)".into()
    } else {
        tail.iter().cloned().collect::<Vec<_>>().join("\n")
    }
}

/// Whether this process runs as root, read from the owner of `/proc/self` (no libc needed).
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

fn fresh_profile_dir() -> Result<PathBuf, BrowserError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let path = std::env::temp_dir().join(format!(
        "grafana-preview-chromium-{}-{}-{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir(&path).map_err(|source| BrowserError::Profile {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

fn remove_profile(path: &Path) {
    // Helper processes can still be writing for a moment after the browser exits.
    for _ in 0..10 {
        match std::fs::remove_dir_all(path) {
            Err(e) if e.kind() != ErrorKind::NotFound => thread::sleep(Duration::from_millis(100)),
            _ => return,
        }
    }
    tracing::warn!("could not remove Chromium's profile {}", path.display());
}

fn wait_for_exit(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(20)),
            _ => return None,
        }
    }
}

fn wait_briefly(child: &mut Child) -> Option<ExitStatus> {
    wait_for_exit(child, Duration::from_secs(2))
}

fn kill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUIRE_TOOLS: &str = "TUMULTE_REQUIRE_TOOLS";

    /// A launched Chromium, or `None` after saying why the test is skipped (the repository's rule: fail
    /// instead when `TUMULTE_REQUIRE_TOOLS=1`).
    fn browser() -> Option<Browser> {
        let path = Browser::default_path();
        if !path.is_file() {
            let why = format!("{} is missing: {INSTALL_HINT}", path.display());
            assert!(
                std::env::var_os(REQUIRE_TOOLS).is_none_or(|v| v != "1"),
                "{REQUIRE_TOOLS}=1 but {why}"
            );
            eprintln!("SKIPPED: {why}");
            return None;
        }
        Some(Browser::launch().expect("Chromium launches"))
    }

    /// The width and height in a PNG's IHDR chunk.
    fn png_size(png: &[u8]) -> (u32, u32) {
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
        assert_eq!(&png[12..16], b"IHDR");
        let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().expect("4 bytes"));
        (be(16), be(20))
    }

    #[test]
    fn evaluates_javascript() {
        let Some(browser) = browser() else { return };
        let page = browser.new_page(800, 600).expect("page");
        assert_eq!(page.evaluate("1+1").expect("evaluate"), json!(2));
        assert_eq!(
            page.evaluate("Promise.resolve('late')").expect("promise"),
            json!("late")
        );
        assert_eq!(page.evaluate("undefined").expect("undefined"), Value::Null);
        assert!(browser.version().expect("version").contains("Chrome"));
    }

    #[test]
    fn waits_for_an_element_added_later() {
        let Some(browser) = browser() else { return };
        let page = browser.new_page(800, 600).expect("page");
        page.goto(
            "data:text/html,<body><script>setTimeout(() => { const d = document.createElement('div'); \
             d.id = 'late'; d.textContent = 'here'; document.body.append(d) }, 300)</script></body>",
        )
        .expect("goto");
        assert_eq!(
            page.evaluate("document.getElementById('late')").expect("evaluate"),
            Value::Null
        );
        page.wait_until("document.getElementById('late') !== null", Duration::from_secs(10))
            .expect("element appears");
        assert_eq!(
            page.evaluate("document.getElementById('late').textContent")
                .expect("text"),
            json!("here")
        );
    }

    #[test]
    fn a_predicate_that_stays_false_times_out_naming_it() {
        let Some(browser) = browser() else { return };
        let page = browser.new_page(800, 600).expect("page");
        let started = Instant::now();
        let error = page
            .wait_until("window.neverSet === true", Duration::from_millis(500))
            .expect_err("times out");
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(error.to_string().contains("window.neverSet === true"), "{error}");
        let error = page
            .wait_until("document.querySelector('#x').id", Duration::from_millis(300))
            .expect_err("times out");
        assert!(error.to_string().contains("it last threw"), "{error}");
    }

    #[test]
    fn screenshots_are_pngs_of_the_requested_width() {
        let Some(browser) = browser() else { return };
        let page = browser.new_page(640, 480).expect("page");
        page.goto(
            "data:text/html,<body style='margin:0;background:%23c00'><div style='height:2000px'>tall</div></body>",
        )
        .expect("goto");
        assert_eq!(png_size(&page.screenshot_png(false).expect("viewport")), (640, 480));
        assert_eq!(png_size(&page.screenshot_png(true).expect("full page")), (640, 2000));
        // The viewport is restored after a full-page capture.
        assert_eq!(
            page.evaluate("[innerWidth, innerHeight]").expect("size"),
            json!([640, 480])
        );
    }

    #[test]
    fn exceptions_are_errors_with_their_message() {
        let Some(browser) = browser() else { return };
        let page = browser.new_page(800, 600).expect("page");
        let error = page.evaluate("throw new Error('boom here')").expect_err("throws");
        assert!(
            matches!(&error, BrowserError::JavaScript { message, .. } if message.contains("boom here")),
            "{error}"
        );
        let error = page
            .evaluate("Promise.reject(new TypeError('rejected'))")
            .expect_err("rejects");
        assert!(error.to_string().contains("rejected"), "{error}");
        // The page still works afterwards.
        assert_eq!(page.evaluate("2*3").expect("evaluate"), json!(6));
    }

    #[test]
    fn page_errors_are_collected() {
        let Some(browser) = browser() else { return };
        let page = browser.new_page(800, 600).expect("page");
        page.goto(
            "data:text/html,<script>console.error('bad panel', 42); setTimeout(() => { throw new Error('async boom') })</script>",
        )
        .expect("goto");
        page.wait_until(
            "new Promise(r => setTimeout(() => r(true), 100))",
            Duration::from_secs(5),
        )
        .expect("timers ran");
        let errors = page.console_errors().expect("errors");
        assert!(errors.iter().any(|e| e.contains("bad panel 42")), "{errors:?}");
        assert!(errors.iter().any(|e| e.contains("async boom")), "{errors:?}");
    }

    /// Serves `/` as a page with an image that takes 500 ms, so its load event comes late.
    fn slow_server() -> String {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let address = listener.local_addr().expect("address");
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                thread::spawn(move || {
                    let mut request = [0; 2048];
                    let n = stream.read(&mut request).unwrap_or(0);
                    let slow = String::from_utf8_lossy(&request[..n]).starts_with("GET /slow");
                    let body = if slow {
                        thread::sleep(Duration::from_millis(500));
                        ""
                    } else {
                        "<html><body><img src='/slow.png'>page</body></html>"
                    };
                    let _ = write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                });
            }
        });
        format!("http://{address}/")
    }

    #[test]
    fn goto_waits_for_the_load_event() {
        let Some(browser) = browser() else { return };
        let page = browser.new_page(800, 600).expect("page");
        let url = slow_server();
        let started = Instant::now();
        page.goto(&url).expect("goto");
        assert!(
            started.elapsed() >= Duration::from_millis(450),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(page.evaluate("document.readyState").expect("state"), json!("complete"));
        assert_eq!(page.evaluate("location.href").expect("href"), json!(url));
        // A second navigation waits for its own load, not the first one's.
        page.goto(&format!("{url}?again")).expect("goto again");
        assert_eq!(page.evaluate("location.search").expect("search"), json!("?again"));
        page.goto(&format!("{url}?again#anchor"))
            .expect("same-document navigation");
    }

    #[test]
    fn an_unreachable_url_is_a_navigation_error() {
        let Some(browser) = browser() else { return };
        let page = browser.new_page(800, 600).expect("page");
        // Port 9 (discard) is closed on any sane test machine.
        let error = page.goto("http://127.0.0.1:9/").expect_err("refused");
        assert!(matches!(error, BrowserError::Navigation { .. }), "{error}");
        assert!(error.to_string().contains("ERR_"), "{error}");
    }

    #[test]
    fn protocol_errors_name_the_method() {
        let Some(browser) = browser() else { return };
        let page = browser.new_page(800, 600).expect("page");
        let error = page.call("No.suchMethod", json!({})).expect_err("unknown");
        assert!(
            matches!(&error, BrowserError::Protocol { method, .. } if method == "No.suchMethod"),
            "{error}"
        );
    }

    #[test]
    fn two_pages_share_one_browser() {
        let Some(browser) = browser() else { return };
        let first = browser.new_page(300, 200).expect("first");
        let second = browser.new_page(500, 400).expect("second");
        first.evaluate("window.mark = 'first'").expect("mark");
        assert_eq!(second.evaluate("window.mark ?? null").expect("evaluate"), Value::Null);
        assert_eq!(second.evaluate("innerWidth").expect("width"), json!(500));
        drop(first);
        assert_eq!(second.evaluate("1").expect("still works"), json!(1));
    }

    #[test]
    fn drop_removes_the_profile() {
        let Some(browser) = browser() else { return };
        let profile = browser.profile.clone();
        assert!(profile.is_dir());
        drop(browser);
        assert!(!profile.exists(), "{} left behind", profile.display());
    }

    #[test]
    fn a_missing_chromium_gives_the_install_hint() {
        let error = Browser::launch_at("/nonexistent/chromium").expect_err("missing");
        assert!(matches!(error, BrowserError::NotFound { .. }), "{error}");
        let message = error.to_string();
        assert!(message.contains("/nonexistent/chromium"), "{message}");
        assert!(
            message.contains("apt-get install -y --no-install-recommends chromium, or set CHROMIUM_PATH"),
            "{message}"
        );
    }

    #[test]
    fn a_chromium_that_exits_reports_its_stderr() {
        let dir = std::env::temp_dir().join(format!("grafana-preview-fake-chromium-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let fake = dir.join("chromium");
        std::fs::write(&fake, "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n").expect("script");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let error = Browser::launch_at(&fake).expect_err("exits");
        let _ = std::fs::remove_dir_all(&dir);
        assert!(matches!(error, BrowserError::Exited { .. }), "{error}");
        assert!(error.to_string().contains("cannot open display"), "{error}");
    }
}
