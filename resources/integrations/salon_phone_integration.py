"""Salon Front Desk adapter for a phone service (Python 3.9+, standard library only).

Four coroutines report what happens on the phone to the Salon Front Desk app. Each takes one
dict, as the setup guide shows:

    asyncio.create_task(on_call_started({'CallSid': call_sid, 'From': form.get("From"), 'CallerName': form.get("CallerName")}))
    asyncio.create_task(on_call_ended({'call_sid': call_sid, 'duration_sec': duration}))
    asyncio.create_task(on_intent_extracted({'call_sid': call_sid, 'intent': extracted_intent}))
    asyncio.create_task(on_appointment_scheduled({'call_sid': call_sid, 'job': job_data}))

(keys in any case, with aliases: see the README), or keywords:

    await on_call_started(call_sid, from_number, caller_name=None, to_number=None, timestamp=None)
    await on_call_ended(call_sid, status, duration_sec, timestamp=None)
    await on_intent_extracted(call_sid, intent, timestamp=None)
    await on_appointment_scheduled(call_sid, appointment_id, customer_name, customer_phone,
                                   service, start, price=None, email=None, notes=None, timestamp=None)

Each one posts the JSON of the app's API (SPEC section 3: ``POST /salon/call`` and
``POST /salon/appointment``) and answers True when the app has stored the event, False
otherwise. They never raise into the call flow: a problem (no call id, a value of the wrong
type, a job without a start, the app refusing the event) is logged with its reason (logger
``salon_phone_integration``; unknown keys at debug) and the function answers False.

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
import hashlib
import http.client
import json
import logging
import math
import os
import pathlib
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import weakref
from collections.abc import Mapping
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

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


async def _send(hook: str, path: str, build: Callable[[], Dict[str, Any]]) -> bool:
    try:
        body = build()
    except Exception as err:  # noqa: BLE001 - bad arguments are logged, not raised
        log.error("salon: %s: event not sent: %s", hook, err)
        return False
    try:
        async with _order_lock():
            return await asyncio.to_thread(_send_blocking, path, body)
    except Exception as err:  # noqa: BLE001 - never into the call flow
        log.error("salon: could not send or spool %s: %s", _describe(path, body), err)
        return False


def _compact(body: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in body.items() if v is not None}


# ---- arguments: keywords, or one dict as the setup guide sends -------------------------

# Each value's name and the keys it may come under. Keys are matched ignoring case and
# underscores (CallSid, call_sid and callSid are one key); when several are present, the
# first listed that has a value wins.
_EVENT_KEYS: Dict[str, Tuple[str, ...]] = {
    "call_sid": ("callsid",),
    "from_number": ("from", "fromnumber"),
    "caller_name": ("callername",),
    "to_number": ("to", "tonumber"),
    "duration_sec": ("durationsec", "duration", "callduration"),
    "status": ("status", "callstatus"),
    "intent": ("intent",),
    "timestamp": ("timestamp",),
    "job": ("job",),
}
_JOB_KEYS: Dict[str, Tuple[str, ...]] = {
    "appointment_id": ("id", "jobid", "appointmentid"),
    "customer_name": ("customername", "name"),
    "customer_phone": ("phone", "customerphone"),
    "email": ("email",),
    "service": ("service", "servicetype", "jobtype", "intent"),
    "start": ("scheduledtime", "start", "starttime", "appointmenttime", "scheduledat"),
    "price": ("price", "estimatedprice"),
    "notes": ("notes",),
    "customer": ("customer",),
}
# A job's `customer` dict: customer.name, customer.phone, customer.email.
_CUSTOMER_KEYS: Dict[str, Tuple[str, ...]] = {"customer_name": ("name",), "customer_phone": ("phone",), "email": ("email",)}


def _plain(key: Any) -> Optional[str]:
    return key.lower().replace("_", "") if isinstance(key, str) else None


class _BadArguments(ValueError):
    pass


def _key_list(keys: List[Any]) -> str:
    return ", ".join(sorted(repr(k)[:60] for k in keys))


def _pick(source: Mapping[Any, Any], names: Dict[str, Tuple[str, ...]], where: str) -> Dict[str, Any]:
    """The values of a dict by their names; unknown keys are ignored and logged at debug."""
    plain: Dict[str, Any] = {}
    for key, value in source.items():
        if isinstance(key, str):
            plain.setdefault(_plain(key), value)
    values: Dict[str, Any] = {}
    known = set()
    for name, keys in names.items():
        for key in keys:
            if key in plain:
                known.add(key)
                if plain[key] is not None and name not in values:
                    values[name] = plain[key]
    unknown = [k for k in source if _plain(k) not in known]
    if unknown:
        log.debug("salon: %s: ignored unknown key(s) %s", where, _key_list(unknown))
    return values


def _arguments(hook: str, first: Any, given: Dict[str, Any], extra: Dict[str, Any], names: Tuple[str, ...]) -> Dict[str, Any]:
    """The hook's values by name, from one dict (the setup guide's form), keywords under the
    same keys (``on_call_started(**form)``), and the keyword form; the keyword form wins."""
    keys = {n: _EVENT_KEYS[n] for n in names}
    if isinstance(first, Mapping):
        values = _pick(first, keys, hook)
    elif first is None or isinstance(first, str):
        values = {} if first is None else {"call_sid": first}
    else:
        raise _BadArguments(f"the call id must be a string, or the event one dict; not {type(first).__name__}")
    if extra:
        values.update(_pick(extra, keys, hook))
    values.update({k: v for k, v in given.items() if v is not None})
    if isinstance(first, Mapping) and "call_sid" not in values:
        raise _BadArguments("the dict has no call id (CallSid or call_sid)")
    return values


def _text(values: Dict[str, Any], name: str, required: bool = False) -> Optional[str]:
    value = values.get(name)
    if value is None:
        if required:
            raise _BadArguments(f"{name} is required")
        return None
    if not isinstance(value, str):
        raise _BadArguments(f"{name} must be a string, not {type(value).__name__}")
    if required and not value.strip():
        raise _BadArguments(f"{name} is empty")
    return value


def _number(values: Dict[str, Any], name: str) -> Optional[float]:
    """A number of seconds or dollars: an int, a float or a numeric string, at least 0."""
    value = values.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _BadArguments(f"{name} must be a number, not {type(value).__name__}")
    try:
        number = float(value)
    except (ValueError, OverflowError):
        raise _BadArguments(f"{name} must be a number, not {str(value)[:40]!r}") from None
    if not math.isfinite(number) or number < 0:
        raise _BadArguments(f"{name} must be a number at least 0, not {str(value)[:40]}")
    return number


def _time(values: Dict[str, Any], name: str) -> Optional[str]:
    value = values.get(name)
    if value is None or isinstance(value, (str, _dt.datetime)):
        return _iso(value, name)
    raise _BadArguments(f"{name} must be an ISO 8601 string or a datetime, not {type(value).__name__}")


def _job(values: Dict[str, Any]) -> Dict[str, Any]:
    """The setup guide's `job` as the values of the keyword form."""
    job = values.get("job")
    if not isinstance(job, Mapping):
        raise _BadArguments(f"job must be a dict, not {type(job).__name__}")
    fields = _pick(job, _JOB_KEYS, "job")
    customer = fields.pop("customer", None)
    if customer is not None:
        if not isinstance(customer, Mapping):
            raise _BadArguments(f"job customer must be a dict, not {type(customer).__name__}")
        for name, value in _pick(customer, _CUSTOMER_KEYS, "job customer").items():
            fields.setdefault(name, value)
    return fields


def _appointment_id(given: Any, identity: List[Optional[str]]) -> str:
    """The job's own id or, without one, an id made from what identifies the booking (the call,
    the start, the service, the phone), so that a resend of the same job is the same booking.
    The Node adapter makes the same id from the same text."""
    if isinstance(given, bool) or (given is not None and not isinstance(given, (str, int))):
        raise _BadArguments(f"the appointment id must be a string or a number, not {type(given).__name__}")
    if given is not None and str(given).strip():
        return str(given)
    seed = json.dumps(identity, separators=(",", ":"), ensure_ascii=False)
    return "job-" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:24]


# ---- the four events -----------------------------------------------------------------
#
# Each takes its keyword form or one dict, as the setup guide shows, e.g.
#     on_call_started({'CallSid': sid, 'From': number, 'CallerName': name})
# and answers True once the app has stored the event. Anything wrong (no call id, a value of
# the wrong type, a job without a start) is logged with its reason and answers False.


async def on_call_started(
    call_sid: Union[str, Mapping[str, Any], None] = None,
    from_number: Optional[str] = None,
    caller_name: Optional[str] = None,
    to_number: Optional[str] = None,
    timestamp: TimeLike = None,
    **extra: Any,
) -> bool:
    """An inbound call began ringing. Dict keys: CallSid, From, CallerName, To, timestamp."""
    called_at = _now_iso()

    def build() -> Dict[str, Any]:
        v = _arguments(
            "on_call_started",
            call_sid,
            {"from_number": from_number, "caller_name": caller_name, "to_number": to_number, "timestamp": timestamp},
            extra,
            ("call_sid", "from_number", "caller_name", "to_number", "timestamp"),
        )
        return _compact(
            {
                "event": "started",
                "call_sid": _text(v, "call_sid", required=True),
                "from": _text(v, "from_number"),
                "to": _text(v, "to_number"),
                "caller_name": _text(v, "caller_name"),
                "direction": "inbound",
                "timestamp": _time(v, "timestamp") or called_at,
            }
        )

    return await _send("on_call_started", "/salon/call", build)


async def on_call_ended(
    call_sid: Union[str, Mapping[str, Any], None] = None,
    status: Optional[str] = None,
    duration_sec: Union[int, float, str, None] = None,
    timestamp: TimeLike = None,
    **extra: Any,
) -> bool:
    """A call ended: status is completed, answered, missed, no-answer, busy, canceled, failed or
    voicemail. Without a status, a call with a duration counts as answered. Dict keys: CallSid,
    status (CallStatus), duration_sec (duration, CallDuration), timestamp."""
    called_at = _now_iso()

    def build() -> Dict[str, Any]:
        v = _arguments(
            "on_call_ended",
            call_sid,
            {"status": status, "duration_sec": duration_sec, "timestamp": timestamp},
            extra,
            ("call_sid", "status", "duration_sec", "timestamp"),
        )
        duration = _number(v, "duration_sec")
        return _compact(
            {
                "event": "ended",
                "call_sid": _text(v, "call_sid", required=True),
                "status": _text(v, "status"),
                "duration_sec": None if duration is None else int(round(duration)),
                "timestamp": _time(v, "timestamp") or called_at,
            }
        )

    return await _send("on_call_ended", "/salon/call", build)


async def on_intent_extracted(
    call_sid: Union[str, Mapping[str, Any], None] = None,
    intent: Optional[str] = None,
    timestamp: TimeLike = None,
    **extra: Any,
) -> bool:
    """The phone agent understood what the caller wants (an intent code such as EMERGENCY_FIX).
    Dict keys: CallSid, intent, timestamp."""
    called_at = _now_iso()

    def build() -> Dict[str, Any]:
        v = _arguments("on_intent_extracted", call_sid, {"intent": intent, "timestamp": timestamp}, extra, ("call_sid", "intent", "timestamp"))
        return {"event": "intent", "call_sid": _text(v, "call_sid", required=True), "intent": _text(v, "intent", required=True), "timestamp": _time(v, "timestamp") or called_at}

    return await _send("on_intent_extracted", "/salon/call", build)


async def on_appointment_scheduled(
    call_sid: Union[str, Mapping[str, Any], None] = None,
    appointment_id: Union[str, int, None] = None,
    customer_name: Optional[str] = None,
    customer_phone: Optional[str] = None,
    service: Optional[str] = None,
    start: Union[str, _dt.datetime, None] = None,
    price: Union[int, float, str, None] = None,
    email: Optional[str] = None,
    notes: Optional[str] = None,
    timestamp: TimeLike = None,
    job: Optional[Mapping[str, Any]] = None,
    **extra: Any,
) -> bool:
    """An appointment was booked (during call_sid; None for a booking made off the phone).
    service is a service name or an intent code; start an ISO time with offset or a datetime;
    price in dollars. Left out during a call, the app takes the customer (the caller) and the
    service (the call's intent) from the call, and the price from the service. Dict form:
    {'call_sid': sid, 'job': {...}} (or job= as a keyword) with the job's keys as in the README."""
    called_at = _now_iso()

    def build() -> Dict[str, Any]:
        keywords = {
            "appointment_id": appointment_id,
            "customer_name": customer_name,
            "customer_phone": customer_phone,
            "service": service,
            "start": start,
            "price": price,
            "email": email,
            "notes": notes,
            "timestamp": timestamp,
            "job": job,
        }
        v = _arguments("on_appointment_scheduled", call_sid, keywords, extra, ("call_sid", "job", "timestamp"))
        if "job" in v:
            v = {**_job(v), **v}
        sid = _text(v, "call_sid")
        begins = _time(v, "start")
        if begins is None:
            raise _BadArguments("the appointment has no start (job: scheduled_time, start, start_time, appointment_time or scheduled_at)")
        what, phone = _text(v, "service"), _text(v, "customer_phone")
        return _compact(
            {
                "event": "booked",
                "appointment_id": _appointment_id(v.get("appointment_id"), [sid, begins, what, phone]),
                "call_sid": sid,
                "customer": _compact({"name": _text(v, "customer_name"), "phone": phone, "email": _text(v, "email")}) or None,
                "service": what,
                "start": begins,
                "price": _number(v, "price"),
                "notes": _text(v, "notes"),
                "timestamp": _time(v, "timestamp") or called_at,
            }
        )

    return await _send("on_appointment_scheduled", "/salon/appointment", build)


async def flush_spool() -> int:
    """Delivers the spooled events, oldest first, as far as the app takes them. Answers how
    many were delivered; never raises."""
    try:
        async with _order_lock():
            return await asyncio.to_thread(_flush_blocking)
    except Exception as err:  # noqa: BLE001 - never into the call flow
        log.error("salon spool: could not flush: %s", err)
        return 0
