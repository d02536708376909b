#include "hal/remote/remote_client.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <initializer_list>

namespace kb::hal::remote {

namespace {

std::string errno_text() {
  return std::strerror(errno);
}

// Joined by appending: GCC 12 at -O3 reports false -Wrestrict for chains of "x" + std::string.
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out += p;
  return out;
}

int connect_unix(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof addr.sun_path) {
    throw RemoteError(Status::kInternal, true, cat({"remote:unix:", path, ": socket path empty or too long"}));
  }
  std::memcpy(addr.sun_path, path.data(), path.size());
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw RemoteError(Status::kInternal, true, cat({"socket: ", errno_text()}));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    std::string why = errno_text();
    ::close(fd);
    throw RemoteError(Status::kInternal, true, cat({"remote:unix:", path, ": cannot connect: ", why}));
  }
  return fd;
}

int connect_tcp(const std::string& host, uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  const std::string service = std::to_string(port);
  const std::string where = cat({"remote:tcp:", host, ":", service});
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &list); rc != 0) {
    throw RemoteError(Status::kInternal, true, cat({where, ": ", ::gai_strerror(rc)}));
  }
  std::string why = "no address";
  int fd = -1;
  for (addrinfo* a = list; a != nullptr; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      why = errno_text();
      continue;
    }
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    why = errno_text();
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(list);
  if (fd < 0) throw RemoteError(Status::kInternal, true, cat({where, ": cannot connect: ", why}));
  int one = 1;
  // One small request waits for one small response: Nagle's delay would cost every round trip.
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

[[noreturn]] void bad_endpoint(const std::string& problem) {
  throw std::invalid_argument(
      cat({"bad remote target: ", problem,
           "; accepted forms: 'remote:unix:PATH' or 'remote:tcp:HOST:PORT', optionally '#BENCH'"}));
}

}  // namespace

Endpoint parse_endpoint(std::string_view text) {
  Endpoint e;
  if (size_t hash = text.rfind('#'); hash != std::string_view::npos) {
    e.bench = std::string(text.substr(hash + 1));
    if (e.bench.empty()) bad_endpoint("'#' needs a bench name");
    text = text.substr(0, hash);
  }
  if (text.substr(0, 5) == "unix:") {
    e.kind = Endpoint::Kind::kUnix;
    e.path = std::string(text.substr(5));
    if (e.path.empty()) bad_endpoint("'unix:' needs a socket path");
    if (e.path.size() >= sizeof(sockaddr_un{}.sun_path)) bad_endpoint("socket path longer than 107 bytes");
    return e;
  }
  if (text.substr(0, 4) == "tcp:") {
    e.kind = Endpoint::Kind::kTcp;
    std::string_view rest = text.substr(4);
    size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos || colon == 0) bad_endpoint("'tcp:' needs HOST:PORT");
    std::string_view host = rest.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    e.host = std::string(host);
    std::string_view port = rest.substr(colon + 1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      bad_endpoint(cat({"port '", port, "' is not 1..65535"}));
    }
    e.port = static_cast<uint16_t>(value);
    return e;
  }
  bad_endpoint(cat({"'", text, "' is neither unix:PATH nor tcp:HOST:PORT"}));
}

std::unique_ptr<RemoteClient> RemoteClient::connect(const Endpoint& endpoint, const std::string& token) {
  int fd =
      endpoint.kind == Endpoint::Kind::kUnix ? connect_unix(endpoint.path) : connect_tcp(endpoint.host, endpoint.port);
  std::unique_ptr<RemoteClient> client(new RemoteClient(fd));
  Writer w;
  w.u32(kMagic).u16(kVersion).str16(token).str16(endpoint.bench);
  std::vector<uint8_t> payload = client->call(Op::kHello, w.body());
  Reader r(payload);
  client->info_ = decode_bench_info(r);
  return client;
}

RemoteClient::~RemoteClient() {
  if (fd_ >= 0) ::close(fd_);
}

void RemoteClient::fail_io(const std::string& what) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  throw RemoteError(Status::kInternal, true, cat({"remote bench: ", what}));
}

bool RemoteClient::send_all(std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes = bytes.subspan(static_cast<size_t>(n));
  }
  return true;
}

void RemoteClient::recv_all(std::span<uint8_t> bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::recv(fd_, bytes.data(), bytes.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) fail_io("the server closed the connection");
    if (n < 0) fail_io(cat({"connection lost while receiving: ", errno_text()}));
    bytes = bytes.subspan(static_cast<size_t>(n));
  }
}

std::vector<uint8_t> RemoteClient::call(Op op, std::span<const uint8_t> payload) {
  if (fd_ < 0) throw RemoteError(Status::kInternal, true, "remote bench: connection already lost");
  Writer w;
  w.u32(static_cast<uint32_t>(payload.size() + 1)).u8(static_cast<uint8_t>(op)).bytes(payload);
  // A server that refuses a connection (busy) answers before it reads anything and closes: the
  // send may fail, and its answer is still there to read.
  const int send_errno = send_all(w.body()) ? 0 : (errno == 0 ? EPIPE : errno);
  uint8_t header[4];
  if (send_errno != 0) {
    ssize_t n = ::recv(fd_, header, sizeof header, MSG_WAITALL);
    if (n != static_cast<ssize_t>(sizeof header)) {
      errno = send_errno;
      fail_io(cat({"connection lost while sending: ", errno_text()}));
    }
  } else {
    recv_all(header);
  }
  const uint32_t length = Reader(header).u32();
  if (length == 0 || length > kMaxFrameBytes) fail_io(cat({"response frame of ", std::to_string(length), " bytes"}));
  std::vector<uint8_t> body(length);
  recv_all(body);
  const auto status = static_cast<Status>(body[0]);
  if (status != Status::kOk) {
    std::string message(body.begin() + 1, body.end());
    throw RemoteError(status, false, cat({"remote bench: ", status_name(status), ": ", message}));
  }
  body.erase(body.begin());
  return body;
}

I2cResult RemoteClient::transfer(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) {
  // Over the protocol's bound: what an initiator with a smaller DMA buffer would say.
  if (tx.size() > kMaxI2cBytes || rx.size() > kMaxI2cBytes) return I2cResult::kBusError;
  Writer w;
  w.u8(address7);
  Op op = Op::kI2cWrite;
  if (!tx.empty() || rx.empty()) w.blob16(tx);
  if (!rx.empty()) {
    op = tx.empty() ? Op::kI2cRead : Op::kI2cWriteRead;
    w.u16(static_cast<uint16_t>(rx.size()));
  }
  std::vector<uint8_t> payload = call(op, w.body());
  Reader r(payload);
  const auto result = static_cast<I2cResult>(r.u8());
  if (op != Op::kI2cWrite) {
    std::span<const uint8_t> got = r.blob16(kMaxI2cBytes);
    if (got.size() != rx.size()) fail_io(cat({"read response of ", std::to_string(got.size()), " bytes"}));
    if (result == I2cResult::kOk) std::copy(got.begin(), got.end(), rx.begin());
  }
  return result;
}

I2cResult RemoteClient::set_rate_hz(uint32_t hz) {
  Writer w;
  w.u32(hz);
  std::vector<uint8_t> payload = call(Op::kSetRate, w.body());
  return static_cast<I2cResult>(Reader(payload).u8());
}

uint32_t RemoteClient::rate_hz() {
  std::vector<uint8_t> payload = call(Op::kGetRate, {});
  return Reader(payload).u32();
}

uint32_t RemoteClient::read32(uint32_t address) {
  Writer w;
  w.u32(address);
  std::vector<uint8_t> payload = call(Op::kRegRead, w.body());
  return Reader(payload).u32();
}

void RemoteClient::write32(uint32_t address, uint32_t value) {
  Writer w;
  w.u32(address).u32(value);
  call(Op::kRegWrite, w.body());
}

uint64_t RemoteClient::sleep_ns(uint64_t ns) {
  Writer w;
  w.u64(ns);
  std::vector<uint8_t> payload = call(Op::kSleep, w.body());
  return Reader(payload).u64();
}

uint64_t RemoteClient::now_ns() {
  std::vector<uint8_t> payload = call(Op::kNow, {});
  return Reader(payload).u64();
}

bool RemoteClient::power(Op op) {
  std::vector<uint8_t> payload = call(op, {});
  return Reader(payload).u8() != 0;
}

void RemoteClient::load_fault_plan(const std::string& json_text) {
  Writer w;
  w.str32(json_text);
  call(Op::kLoadFaultPlan, w.body());
}

std::string RemoteClient::fault_trace_json() {
  std::vector<uint8_t> payload = call(Op::kFaultTrace, {});
  Reader r(payload);
  return r.str32(kMaxFrameBytes);
}

std::string RemoteClient::snapshot_json() {
  std::vector<uint8_t> payload = call(Op::kSnapshot, {});
  Reader r(payload);
  return r.str32(kMaxFrameBytes);
}

void RemoteClient::restore_json(const std::string& json_text) {
  Writer w;
  w.str32(json_text);
  call(Op::kRestore, w.body());
}

std::vector<uint8_t> RemoteClient::bench_ca_der() {
  std::vector<uint8_t> payload = call(Op::kBenchCa, {});
  Reader r(payload);
  const std::string der = r.str32(kMaxFrameBytes);
  r.finish();
  if (der.empty()) throw RemoteError(Status::kMalformed, false, "the server sent an empty bench CA certificate");
  return std::vector<uint8_t>(der.begin(), der.end());
}

I2cResult RemoteI2cInitiator::do_transfer(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) {
  try {
    return client_.transfer(address7, tx, rx);
  } catch (const RemoteError&) {
    return I2cResult::kBusError;
  }
}

I2cResult RemoteI2cInitiator::do_set_rate_hz(uint32_t hz) {
  try {
    return client_.set_rate_hz(hz);
  } catch (const RemoteError&) {
    return I2cResult::kBusError;
  }
}

uint64_t RemoteClock::now_ns() const {
  try {
    return client_.now_ns();
  } catch (const RemoteError&) {
    return 0;
  }
}

void RemoteClock::sleep_ns(uint64_t ns) {
  try {
    client_.sleep_ns(ns);
  } catch (const RemoteError&) {
    // The next bus transfer reports the lost connection.
  }
}

PowerResult RemotePowerLine::cut() {
  try {
    client_.power(Op::kPowerOff);
    return PowerResult::kOk;
  } catch (const RemoteError&) {
    return PowerResult::kFailed;
  }
}

PowerResult RemotePowerLine::restore() {
  try {
    client_.power(Op::kPowerOn);
    return PowerResult::kOk;
  } catch (const RemoteError&) {
    return PowerResult::kFailed;
  }
}

uint32_t RemoteRegisterBus::read32(uint32_t address) {
  try {
    return client_.read32(address);
  } catch (const RemoteError&) {
    return 0;
  }
}

void RemoteRegisterBus::write32(uint32_t address, uint32_t value) {
  try {
    client_.write32(address, value);
  } catch (const RemoteError&) {
  }
}

}  // namespace kb::hal::remote
