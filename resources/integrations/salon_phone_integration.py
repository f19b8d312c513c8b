"""Salon Front Desk adapter for a phone service (Python 3.9+, standard library only).

Four coroutines report what happens on the phone to the Salon Front Desk app:

    await on_call_started(call_sid, from_number, caller_name=None, to_number=None, timestamp=None)
    await on_call_ended(call_sid, status, duration_sec, timestamp=None)
    await on_intent_extracted(call_sid, intent, timestamp=None)
    await on_appointment_scheduled(call_sid, appointment_id, customer_name, customer_phone,
                                   service, start, price=None, email=None, notes=None, timestamp=None)

Each one posts the JSON of the app's API (SPEC section 3: ``POST /salon/call`` and
``POST /salon/appointment``) and answers True when the app has stored the event, False
otherwise. They never raise into the call flow: a problem is logged (logger
``salon_phone_integration``) and the function answers False.

Every event carries an explicit ISO 8601 timestamp taken when the function is called (or
the one given), so an event that is retried or delivered later from the spool keeps its
real time, and a repeat is recognised by the app as the same event.

When the app cannot be reached (not running, restarting, a network error, a timeout, 408,
429 or 5xx), the event is retried with a short backoff and then appended to a spool file
(JSON lines, append-only). ``flush_spool()`` delivers the spooled events in order; every
send calls it first, so the spool empties itself as soon as the app is back. Answers 400,
413 and other bad-input answers are not retried or spooled: the event is wrong, and is
logged. 401, 403, 404 and 421 mean the token or the address is wrong, not the event: those
events are spooled, and delivered once the configuration is fixed.

Configuration (read at each call, or set with ``configure()``):
    SALON_SERVICE_URL    the app, default http://127.0.0.1:5002
    SALON_WEBHOOK_TOKEN  sent as ``Authorization: Bearer <token>`` when set
    SALON_SPOOL_PATH     the spool file, default ~/.salon-front-desk/phone-spool.jsonl
                         (the system temp folder when there is no home folder)
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import http.client
import json
import logging
import os
import pathlib
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import weakref
from typing import Any, Dict, List, Optional, Tuple, Union

__all__ = [
    "on_call_started",
    "on_call_ended",
    "on_intent_extracted",
    "on_appointment_scheduled",
    "flush_spool",
    "configure",
]

log = logging.getLogger("salon_phone_integration")

DEFAULT_URL = "http://127.0.0.1:5002"
# Waits between tries: one first try, then one more after each wait, then the spool.
DEFAULT_RETRY_DELAYS = (0.2, 0.4, 0.8)
DEFAULT_TIMEOUT = 5.0
# How long a spool lock may be held before it is taken for a crashed process's leftover.
_STALE_LOCK_SECONDS = 30.0

_settings: Dict[str, Any] = {}

TimeLike = Union[str, _dt.datetime, None]


def configure(
    service_url: Optional[str] = None,
    token: Optional[str] = None,
    spool_path: Union[str, os.PathLike, None] = None,
    retry_delays: Optional[Tuple[float, ...]] = None,
    timeout: Optional[float] = None,
) -> None:
    """Overrides the environment for this process. Arguments left as None keep their value."""
    for key, value in (
        ("service_url", service_url),
        ("token", token),
        ("spool_path", spool_path),
        ("retry_delays", tuple(retry_delays) if retry_delays is not None else None),
        ("timeout", timeout),
    ):
        if value is not None:
            _settings[key] = value


def _service_url() -> str:
    return str(_settings.get("service_url") or os.environ.get("SALON_SERVICE_URL") or DEFAULT_URL).rstrip("/")


def _token() -> Optional[str]:
    return _settings.get("token") or os.environ.get("SALON_WEBHOOK_TOKEN") or None


def _spool_path() -> pathlib.Path:
    configured = _settings.get("spool_path") or os.environ.get("SALON_SPOOL_PATH")
    if configured:
        return pathlib.Path(configured)
    try:
        base = pathlib.Path.home() / ".salon-front-desk"
    except RuntimeError:  # no home folder (a service account)
        base = pathlib.Path(tempfile.gettempdir()) / "salon-front-desk"
    return base / "phone-spool.jsonl"


def _iso(value: TimeLike, field: str) -> Optional[str]:
    """An ISO 8601 time with an offset; a naive datetime is taken as local time."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.astimezone()
        return value.isoformat(timespec="milliseconds")
    if isinstance(value, str):
        return value
    raise TypeError(f"{field} must be an ISO 8601 string or a datetime, not {type(value).__name__}")


def _now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds")


# ---- delivery ------------------------------------------------------------------------

# What one try came to: delivered, retry later (the app is unreachable or busy), or rejected for good.
_OK, _RETRY, _REJECTED = "ok", "retry", "rejected"


def _post_once(path: str, body: Dict[str, Any]) -> Tuple[str, str]:
    """One blocking POST; answers the outcome and a short reason for the log."""
    data = json.dumps(body).encode("utf-8")
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    token = _token()
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(_service_url() + path, data=data, headers=headers, method="POST")
    timeout = float(_settings.get("timeout", DEFAULT_TIMEOUT))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return _OK, f"HTTP {response.status}"
    except urllib.error.HTTPError as err:
        detail = _error_text(err)
        status = err.code
        if status in (408, 429) or status >= 500:
            return _RETRY, f"HTTP {status} {detail}"
        if status in (401, 403):
            return _RETRY, f"HTTP {status}: the app refused the token; check SALON_WEBHOOK_TOKEN ({detail})"
        if status == 404:
            return _RETRY, f"HTTP 404 at {_service_url()}{path}: is SALON_SERVICE_URL the salon app? ({detail})"
        if status == 421:
            return _RETRY, f"HTTP 421: the app does not answer to the host name in SALON_SERVICE_URL; use its address, or list the name in the app's SALON_ALLOWED_HOSTS ({detail})"
        return _REJECTED, f"HTTP {status} {detail}"
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        return _RETRY, f"cannot reach {_service_url()}: {reason}"


def _error_text(err: urllib.error.HTTPError) -> str:
    try:
        raw = err.read().decode("utf-8", "replace")
        parsed = json.loads(raw)
        return str(parsed.get("error", raw))[:300] if isinstance(parsed, dict) else raw[:300]
    except Exception:  # noqa: BLE001 - a log line, nothing more
        return ""


def _describe(path: str, body: Dict[str, Any]) -> str:
    """Names an event in the log without its phone numbers or names."""
    kind = "call" if path.endswith("/call") else "appointment"
    ident = body.get("call_sid") if kind == "call" else body.get("appointment_id") or body.get("call_sid")
    return f"{kind} {body.get('event', 'booked')} {ident or ''}".strip()


# ---- the spool -----------------------------------------------------------------------

_thread_lock = threading.Lock()


class _SpoolLock:
    """Held around every read or write of the spool: a lock within this process and, with
    a lock file, between processes that share the spool. Never held while posting."""

    def __init__(self, spool: pathlib.Path) -> None:
        self.path = spool.with_name(spool.name + ".lock")

    def __enter__(self) -> "_SpoolLock":
        _thread_lock.acquire()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            deadline = time.monotonic() + 10.0
            while True:
                try:
                    os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                    return self
                except FileExistsError:
                    try:
                        if time.time() - self.path.stat().st_mtime > _STALE_LOCK_SECONDS:
                            self.path.unlink()
                            continue
                    except FileNotFoundError:
                        continue
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"the spool lock {self.path} is held by another process")
                    time.sleep(0.02)
        except BaseException:
            _thread_lock.release()
            raise

    def __exit__(self, *exc: object) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        finally:
            _thread_lock.release()


def _append_to_spool(path: str, body: Dict[str, Any]) -> None:
    spool = _spool_path()
    line = json.dumps({"path": path, "body": body, "spooled_at": _now_iso()}, separators=(",", ":")) + "\n"
    with _SpoolLock(spool):
        with open(spool, "ab") as f:
            if f.tell() > 0:
                # A line cut short by a crash must not swallow this one.
                with open(spool, "rb") as r:
                    r.seek(-1, os.SEEK_END)
                    if r.read(1) != b"\n":
                        f.write(b"\n")
            f.write(line.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())


def _read_spool() -> bytes:
    spool = _spool_path()
    with _SpoolLock(spool):
        try:
            return spool.read_bytes()
        except FileNotFoundError:
            return b""


def _spool_has_events() -> bool:
    try:
        return _spool_path().stat().st_size > 0
    except FileNotFoundError:
        return False


def _settle_spool(read: bytes, remaining: List[bytes], rejected: List[bytes]) -> None:
    """Replaces what flush read with what is left of it, keeping whatever was appended meanwhile."""
    spool = _spool_path()
    with _SpoolLock(spool):
        try:
            now = spool.read_bytes()
        except FileNotFoundError:
            now = b""
        if rejected:
            dead = spool.with_name(spool.name + ".rejected")
            with open(dead, "ab") as f:
                f.write(b"".join(rejected))
        if not now.startswith(read):
            # Another process rewrote the spool meanwhile; what it holds is its business, and
            # anything delivered twice is recognised by the app as a repeat.
            return
        content = b"".join(remaining) + now[len(read):]
        tmp = spool.with_name(spool.name + f".tmp{os.getpid()}")
        with open(tmp, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, spool)


def _flush_blocking() -> int:
    """Delivers spooled events in order; stops at the first one the app cannot take now.
    Answers how many were delivered."""
    read = _read_spool()
    if not read:
        return 0
    lines = read.splitlines(keepends=True)
    delivered = 0
    remaining: List[bytes] = []
    rejected: List[bytes] = []
    for index, raw in enumerate(lines):
        if not raw.strip():
            continue
        if not raw.endswith(b"\n"):
            # A line cut short by a crash mid-write: keep it aside rather than guess.
            rejected.append(raw + b"\n")
            log.error("salon spool: an incomplete line was set aside in %s.rejected", _spool_path().name)
            continue
        try:
            entry = json.loads(raw)
            path, body = entry["path"], entry["body"]
        except (ValueError, KeyError, TypeError):
            rejected.append(raw)
            log.error("salon spool: an unreadable line was set aside in %s.rejected", _spool_path().name)
            continue
        outcome, reason = _post_once(path, body)
        if outcome == _OK:
            delivered += 1
        elif outcome == _REJECTED:
            rejected.append(raw)
            log.error("salon spool: the app rejected %s (%s); set aside in %s.rejected", _describe(path, body), reason, _spool_path().name)
        else:
            remaining.extend(lines[index:])
            log.info("salon spool: %s still cannot be delivered (%s); %d left in the spool", _describe(path, body), reason, len(lines) - index)
            break
    _settle_spool(read, remaining, rejected)
    if delivered:
        log.info("salon spool: delivered %d spooled event(s)", delivered)
    return delivered


def _send_blocking(path: str, body: Dict[str, Any]) -> bool:
    try:
        _flush_blocking()
    except Exception as err:  # noqa: BLE001 - never into the call flow
        log.error("salon spool: could not flush: %s", err)
    what = _describe(path, body)
    if _spool_has_events():
        # Older events are still waiting: this one goes behind them, in order.
        _append_to_spool(path, body)
        log.warning("salon: the app is not reachable; %s spooled behind earlier events", what)
        return False
    delays = tuple(_settings.get("retry_delays", DEFAULT_RETRY_DELAYS))
    reason = ""
    for attempt in range(len(delays) + 1):
        if attempt:
            time.sleep(delays[attempt - 1])
        outcome, reason = _post_once(path, body)
        if outcome == _OK:
            return True
        if outcome == _REJECTED:
            log.error("salon: the app rejected %s: %s (not retried)", what, reason)
            return False
    _append_to_spool(path, body)
    log.warning("salon: %s spooled to %s (%s)", what, _spool_path(), reason)
    return False


# One send at a time per event loop, so that events leave in the order they were reported.
_loop_locks: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]" = weakref.WeakKeyDictionary()


def _order_lock() -> asyncio.Lock:
    loop = asyncio.get_running_loop()
    lock = _loop_locks.get(loop)
    if lock is None:
        lock = _loop_locks[loop] = asyncio.Lock()
    return lock


async def _send(path: str, build) -> bool:
    try:
        body = build()
    except Exception as err:  # noqa: BLE001 - bad arguments are logged, not raised
        log.error("salon: event not sent, bad arguments: %s", err)
        return False
    try:
        async with _order_lock():
            return await asyncio.to_thread(_send_blocking, path, body)
    except Exception as err:  # noqa: BLE001 - never into the call flow
        log.error("salon: could not send or spool %s: %s", _describe(path, body), err)
        return False


def _compact(body: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in body.items() if v is not None}


# ---- the four events -----------------------------------------------------------------


async def on_call_started(
    call_sid: str,
    from_number: Optional[str],
    caller_name: Optional[str] = None,
    to_number: Optional[str] = None,
    timestamp: TimeLike = None,
) -> bool:
    """An inbound call began ringing."""
    called_at = _now_iso()
    return await _send(
        "/salon/call",
        lambda: _compact(
            {
                "event": "started",
                "call_sid": str(call_sid),
                "from": from_number,
                "to": to_number,
                "caller_name": caller_name,
                "direction": "inbound",
                "timestamp": _iso(timestamp, "timestamp") or called_at,
            }
        ),
    )


async def on_call_ended(call_sid: str, status: str, duration_sec: Union[int, float, None], timestamp: TimeLike = None) -> bool:
    """A call ended: status is completed, answered, missed, no-answer, busy, canceled, failed or voicemail."""
    called_at = _now_iso()
    return await _send(
        "/salon/call",
        lambda: _compact(
            {
                "event": "ended",
                "call_sid": str(call_sid),
                "status": status,
                "duration_sec": None if duration_sec is None else int(round(float(duration_sec))),
                "timestamp": _iso(timestamp, "timestamp") or called_at,
            }
        ),
    )


async def on_intent_extracted(call_sid: str, intent: str, timestamp: TimeLike = None) -> bool:
    """The phone agent understood what the caller wants (an intent code such as EMERGENCY_FIX)."""
    called_at = _now_iso()
    return await _send(
        "/salon/call",
        lambda: {"event": "intent", "call_sid": str(call_sid), "intent": intent, "timestamp": _iso(timestamp, "timestamp") or called_at},
    )


async def on_appointment_scheduled(
    call_sid: Optional[str],
    appointment_id: str,
    customer_name: Optional[str],
    customer_phone: Optional[str],
    service: str,
    start: Union[str, _dt.datetime],
    price: Union[int, float, None] = None,
    email: Optional[str] = None,
    notes: Optional[str] = None,
    timestamp: TimeLike = None,
) -> bool:
    """An appointment was booked (during call_sid, if given). service is a service name or an
    intent code; start is an ISO time with offset or a datetime; price is in dollars
    (default: the service's price)."""
    called_at = _now_iso()
    return await _send(
        "/salon/appointment",
        lambda: _compact(
            {
                "event": "booked",
                "appointment_id": str(appointment_id),
                "call_sid": None if call_sid is None else str(call_sid),
                "customer": _compact({"name": customer_name, "phone": customer_phone, "email": email}),
                "service": service,
                "start": _iso(start, "start"),
                "price": None if price is None else float(price),
                "notes": notes,
                "timestamp": _iso(timestamp, "timestamp") or called_at,
            }
        ),
    )


async def flush_spool() -> int:
    """Delivers the spooled events, oldest first, as far as the app takes them. Answers how
    many were delivered; never raises."""
    try:
        async with _order_lock():
            return await asyncio.to_thread(_flush_blocking)
    except Exception as err:  # noqa: BLE001 - never into the call flow
        log.error("salon spool: could not flush: %s", err)
        return 0
