// keybench serve and the remote: targets on loopback (docs/remote-protocol.md): a flow over a
// socket equals the in-process run; concurrent clients are serialised; garbage, truncated frames
// and disconnects at every byte leave the bench as it was; tokens; socket mode; SIGTERM and --state.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <thread>

#include "firmware/host_key_provisioning/host_key_provisioning.h"
#include "firmware/identity_key_generation/identity_key_generation.h"
#include "hal/remote/remote_client.h"
#include "keybench/keybench.h"
#include "tests/flows/cli_runner.h"
#include "tests/flows/flow_fixture.h"
#include "tests/flows/serve_process.h"
#include "tests/scratch_dir.h"
#include "tests/test_paths.h"

namespace kb::test {
namespace {

using hal::remote::Endpoint;
using hal::remote::Op;
using hal::remote::RemoteClient;
using hal::remote::RemoteError;
using hal::remote::Status;
using hal::remote::Writer;
using ::testing::HasSubstr;
using ::testing::Not;

std::unique_ptr<RemoteClient> connect(const std::string& where, const std::string& token = "") {
  return RemoteClient::connect(hal::remote::parse_endpoint(where), token);
}

// A raw connection for the tests that send what no client would.
class RawSocket {
 public:
  explicit RawSocket(const std::string& unix_where) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const std::string path = unix_where.substr(5);
    std::memcpy(addr.sun_path, path.data(), path.size());
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
    timeval tv{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~RawSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return fd_ >= 0; }
  void send(std::span<const uint8_t> bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return;
      done += static_cast<size_t>(n);
    }
  }
  void send_frame(std::span<const uint8_t> body) { send(hal::remote::frame(body)); }
  // The next response body, or nullopt when the server closed the connection.
  std::optional<std::vector<uint8_t>> read_frame() {
    uint8_t header[4];
    if (!read_all(header, 4)) return std::nullopt;
    const uint32_t length = hal::remote::Reader(header).u32();
    std::vector<uint8_t> body(length);
    if (!read_all(body.data(), length)) return std::nullopt;
    return body;
  }
  // True when the server closed the connection (end of stream), false on the 10 s receive
  // timeout or when bytes arrive.
  bool closed_by_server() {
    uint8_t byte;
    return ::recv(fd_, &byte, 1, 0) == 0;
  }
  std::optional<Status> status_of_next() {
    auto body = read_frame();
    if (!body || body->empty()) return std::nullopt;
    return static_cast<Status>((*body)[0]);
  }
  void hello(const std::string& token = "") {
    Writer w;
    w.u8(static_cast<uint8_t>(Op::kHello)).u32(hal::remote::kMagic).u16(hal::remote::kVersion).str16(token).str16("");
    send_frame(w.body());
  }

 private:
  bool read_all(uint8_t* p, size_t n) {
    while (n > 0) {
      ssize_t got = ::recv(fd_, p, n, 0);
      if (got <= 0) return false;
      p += got;
      n -= static_cast<size_t>(got);
    }
    return true;
  }
  int fd_ = -1;
};

class RemoteServer : public ScratchDirTest {
 protected:
  std::string sock() const { return path("kb.sock"); }
  std::vector<std::string> unix_args(const std::string& fixture = "") const {
    std::vector<std::string> a = {"--listen", "unix:" + sock()};
    if (!fixture.empty()) {
      a.push_back("--bench");
      a.push_back(fixture_path(fixture));
    }
    return a;
  }
};

struct FlowResult {
  bool ok = false;
  std::string transcript;
  uint64_t simulated_ns = 0;
};

FlowResult run_host_key(hal::host::HostTarget& target, hal::host::CaptureConsole& console) {
  fw::HostKeyProvisioningOptions o;
  o.address7 = target.stsafe_address();
  const uint64_t start = target.platform().clock.now_ns();
  FlowResult r;
  r.ok = fw::run_host_key_provisioning(target.platform(), o).ok();
  r.simulated_ns = target.platform().clock.now_ns() - start;
  r.transcript = console.text();
  return r;
}

FlowResult run_identity(hal::host::HostTarget& target, hal::host::CaptureConsole& console) {
  fw::IdentityKeyGenerationOptions o;
  const uint64_t start = target.platform().clock.now_ns();
  FlowResult r;
  r.ok = fw::run_identity_key_generation(target.platform(), o).ok();
  r.simulated_ns = target.platform().clock.now_ns() - start;
  r.transcript = console.text();
  return r;
}

std::unique_ptr<hal::host::HostTarget> open(const std::string& target, hal::Console& console) {
  return hal::host::open_target(hal::host::parse_target(target), console);
}

TEST_F(RemoteServer, AFlowOverAUnixSocketEqualsTheInProcessRun) {
  SimRun local;
  FlowResult in_process = run_host_key(*local.target, local.console);
  ASSERT_TRUE(in_process.ok) << in_process.transcript;

  ServerProcess server(unix_args());
  ASSERT_FALSE(server.where().empty());
  hal::host::CaptureConsole console;
  auto remote = open("remote:" + server.where(), console);
  EXPECT_EQ(remote->stsafe_address(), 0x20);
  EXPECT_EQ(remote->bench(), nullptr);
  FlowResult over_socket = run_host_key(*remote, console);
  ASSERT_TRUE(over_socket.ok) << over_socket.transcript;
  EXPECT_EQ(over_socket.transcript, in_process.transcript);
  EXPECT_EQ(over_socket.simulated_ns, in_process.simulated_ns);
  // The same chip afterwards, at the same virtual time.
  EXPECT_EQ(nlohmann::json::parse(connect(server.where())->snapshot_json()), local.bench().save_state());
}

TEST_F(RemoteServer, AnNrfFlowOverTcpEqualsTheInProcessRunRegistersAndCryptoCostsIncluded) {
  SimRun local("nrf5340-assembly.json");
  FlowResult in_process = run_identity(*local.target, local.console);
  ASSERT_TRUE(in_process.ok) << in_process.transcript;

  ServerProcess server({"--listen", "tcp:127.0.0.1:0", "--bench", fixture_path("nrf5340-assembly.json")});
  ASSERT_THAT(server.where(), HasSubstr("tcp:127.0.0.1:"));
  hal::host::CaptureConsole console;
  auto remote = open("remote:" + server.where(), console);
  ASSERT_NE(remote->platform().registers, nullptr);
  FlowResult over_socket = run_identity(*remote, console);
  ASSERT_TRUE(over_socket.ok) << over_socket.transcript;
  EXPECT_EQ(over_socket.transcript, in_process.transcript);
  // Includes the CryptoCell's P-256 time, charged over the socket from the hello's costs.
  EXPECT_EQ(over_socket.simulated_ns, in_process.simulated_ns);
  EXPECT_EQ(nlohmann::json::parse(connect(server.where())->snapshot_json()), local.bench().save_state());
}

TEST_F(RemoteServer, TheCliRunsAFlowOnAServedBench) {
  ServerProcess server(unix_args());
  ASSERT_FALSE(server.where().empty());
  CliOutcome o = run_keybench("run host-key-provisioning --target remote:" + server.where());
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_THAT(o.out, HasSubstr("[keybench] host-key-provisioning: PASS"));
  // --state and --fault stay with simulated targets in this process.
  CliOutcome s =
      run_keybench("run host-key-provisioning --state " + path("s.json") + " --target remote:" + server.where());
  EXPECT_EQ(s.exit_code, 2) << s.out;
}

TEST_F(RemoteServer, BadRemoteTargetsAreUsageErrors) {
  for (const char* t : {"remote:", "remote:tcp:127.0.0.1", "remote:tcp:127.0.0.1:0", "remote:tcp:127.0.0.1:99999",
                        "remote:unix:", "remote:pipe:/x", "remote:unix:/tmp/x#"}) {
    EXPECT_THROW(hal::host::parse_target(t), std::invalid_argument) << t;
  }
  CliOutcome o = run_keybench("run host-key-provisioning --target remote:unix:" + path("nobody.sock"));
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("cannot connect"));
}

TEST_F(RemoteServer, TheUnixSocketIsCreated0600AndRemovedOnStop) {
  ServerProcess server(unix_args());
  ASSERT_FALSE(server.where().empty());
  struct stat st {};
  ASSERT_EQ(::stat(sock().c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(server.stop(), 0);
  EXPECT_FALSE(std::filesystem::exists(sock()));
}

TEST_F(RemoteServer, ARegularFileOrALiveSocketAtThePathIsNeverReplaced) {
  write("kb.sock", "precious");
  CliOutcome o = run_keybench("serve --listen unix:" + sock());
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("not a socket"));
  EXPECT_EQ(read(sock()), "precious");
  std::filesystem::remove(sock());
  ServerProcess first(unix_args());
  ASSERT_FALSE(first.where().empty());
  CliOutcome second = run_keybench("serve --listen unix:" + sock());
  EXPECT_EQ(second.exit_code, 1) << second.out;
  EXPECT_THAT(second.out, HasSubstr("another server"));
  EXPECT_NO_THROW(connect(first.where()));
}

TEST_F(RemoteServer, TcpIsLoopbackOnlyAndAllowRemoteNeedsAToken) {
  CliOutcome any = run_keybench("serve --listen tcp:0.0.0.0:0");
  EXPECT_EQ(any.exit_code, 1) << any.out;
  EXPECT_THAT(any.out, HasSubstr("not a loopback address"));
  CliOutcome no_token = run_keybench("serve --listen tcp:0.0.0.0:0 --allow-remote");
  EXPECT_EQ(no_token.exit_code, 2) << no_token.out;
  EXPECT_THAT(no_token.out, HasSubstr("--allow-remote requires --token-file"));
  CliOutcome name = run_keybench("serve --listen tcp:example.org:7000");
  EXPECT_EQ(name.exit_code, 2) << name.out;
}

TEST_F(RemoteServer, AWrongOrMissingTokenIsRefusedAndTheRightOneAccepted) {
  const std::string token_file = write("token", "s3cret-token\n");
  ServerProcess server({"--listen", "tcp:127.0.0.1:0", "--token-file", token_file});
  ASSERT_FALSE(server.where().empty());
  try {
    connect(server.where());
    ADD_FAILURE() << "no token accepted";
  } catch (const RemoteError& e) {
    EXPECT_EQ(e.status(), Status::kUnauthorized);
  }
  try {
    connect(server.where(), "s3cret-tokeN");
    ADD_FAILURE() << "wrong token accepted";
  } catch (const RemoteError& e) {
    EXPECT_EQ(e.status(), Status::kUnauthorized);
  }
  EXPECT_EQ(connect(server.where(), "s3cret-token")->now_ns(), 0u);
  // The CLI reads it from $KEYBENCH_REMOTE_TOKEN_FILE.
  CliOutcome refused = run_keybench("run host-key-provisioning --target remote:" + server.where());
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_THAT(refused.out, HasSubstr("not authorised"));
  ::setenv("KEYBENCH_REMOTE_TOKEN_FILE", token_file.c_str(), 1);
  CliOutcome ok = run_keybench("run host-key-provisioning --target remote:" + server.where());
  ::unsetenv("KEYBENCH_REMOTE_TOKEN_FILE");
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_THAT(ok.out, HasSubstr("host-key-provisioning: PASS"));
}

TEST_F(RemoteServer, ConcurrentClientsOnOneBenchAreSerialisedPerRequest) {
  ServerProcess server(unix_args());
  ASSERT_FALSE(server.where().empty());
  constexpr int kClients = 8;
  constexpr int kSleeps = 200;
  std::vector<std::thread> threads;
  std::vector<int> failures(kClients, 0);
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      try {
        auto client = connect(server.where());
        uint64_t last = 0;
        for (int i = 0; i < kSleeps; ++i) {
          const uint64_t now = client->sleep_ns(1000);
          // Each sleep is applied whole: the clock only moves forward, by at least this sleep.
          if (now < last + 1000) ++failures[static_cast<size_t>(c)];
          last = now;
        }
      } catch (const std::exception&) {
        ++failures[static_cast<size_t>(c)];
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int f : failures) EXPECT_EQ(f, 0);
  // No sleep lost or doubled.
  EXPECT_EQ(connect(server.where())->now_ns(), uint64_t{kClients} * kSleeps * 1000);
}

TEST_F(RemoteServer, FlowsOnSeveralBenchesRunConcurrentlyAndStayApart) {
  ServerProcess server({"--listen", "unix:" + sock(), "--bench", fixture_path("default.json"), "--bench",
                        fixture_path("nrf5340-assembly.json")});
  ASSERT_FALSE(server.where().empty());
  FlowResult stsafe, nrf;
  std::thread a([&] {
    hal::host::CaptureConsole console;
    auto t = open("remote:" + server.where() + "#default", console);
    stsafe = run_host_key(*t, console);
  });
  std::thread b([&] {
    hal::host::CaptureConsole console;
    auto t = open("remote:" + server.where() + "#nrf5340-assembly", console);
    nrf = run_identity(*t, console);
  });
  a.join();
  b.join();
  EXPECT_TRUE(stsafe.ok) << stsafe.transcript;
  EXPECT_TRUE(nrf.ok) << nrf.transcript;
  EXPECT_EQ(connect(server.where() + "#default")->now_ns(), stsafe.simulated_ns);
  EXPECT_EQ(connect(server.where() + "#nrf5340-assembly")->now_ns(), nrf.simulated_ns);
  try {
    connect(server.where() + "#nope");
    ADD_FAILURE();
  } catch (const RemoteError& e) {
    EXPECT_EQ(e.status(), Status::kNoSuchBench);
    EXPECT_THAT(e.what(), HasSubstr("default, nrf5340-assembly"));
  }
}

TEST_F(RemoteServer, GarbageGetsErrorsAndNeverChangesTheBench) {
  ServerProcess server(unix_args());
  ASSERT_FALSE(server.where().empty());
  const std::string before = connect(server.where())->snapshot_json();
  {
    RawSocket s(server.where());
    ASSERT_TRUE(s.ok());
    s.send_frame(std::vector<uint8_t>{});  // not allowed: frame() of nothing is a zero length
    EXPECT_EQ(s.status_of_next(), Status::kMalformed);
    s.send_frame(std::vector<uint8_t>{0x10, 0x20, 0x00});  // I2C write before hello
    EXPECT_EQ(s.status_of_next(), Status::kUnauthorized);
    s.send_frame(std::vector<uint8_t>{0x01, 'K', 'B'});  // truncated hello
    EXPECT_EQ(s.status_of_next(), Status::kMalformed);
    s.send_frame(std::vector<uint8_t>{0x01, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0});  // bad magic
    EXPECT_EQ(s.status_of_next(), Status::kBadVersion);
    Writer v2;
    v2.u8(0x01).u32(hal::remote::kMagic).u16(2).str16("").str16("");
    s.send_frame(v2.body());
    EXPECT_EQ(s.status_of_next(), Status::kBadVersion);
    s.hello();
    EXPECT_EQ(s.status_of_next(), Status::kOk);
    s.hello();
    EXPECT_EQ(s.status_of_next(), Status::kProtocolState);
    s.send_frame(std::vector<uint8_t>{0x7E});
    EXPECT_EQ(s.status_of_next(), Status::kUnknownOp);
    s.send_frame(std::vector<uint8_t>{0x10, 0x20, 0x0A, 0x00, 0x01, 0x02});  // blob16 of 10, 2 given
    EXPECT_EQ(s.status_of_next(), Status::kMalformed);
    s.send_frame(std::vector<uint8_t>{0x30, 1, 2, 3, 4, 5, 6, 7, 8, 9});  // sleep with a trailing byte
    EXPECT_EQ(s.status_of_next(), Status::kMalformed);
    s.send_frame(std::vector<uint8_t>{0x11, 0x20, 0x89, 0x13});  // read of 5001 bytes
    EXPECT_EQ(s.status_of_next(), Status::kTooLarge);
    s.send_frame(std::vector<uint8_t>{0x11, 0x20, 0x00, 0x00});  // read of 0 bytes
    EXPECT_EQ(s.status_of_next(), Status::kMalformed);
    s.send_frame(std::vector<uint8_t>{0x20, 0, 0, 0, 0});  // registers on an STSAFE bench
    EXPECT_EQ(s.status_of_next(), Status::kUnsupported);
    Writer plan;
    plan.u8(0x50).str32(R"({"format": "keybench-faults/1", "faults": [{"when": {"transaction": 1}, "do": {}}]})");
    s.send_frame(plan.body());
    auto refused = s.read_frame();
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(static_cast<Status>((*refused)[0]), Status::kRejected);
    EXPECT_THAT(std::string(refused->begin() + 1, refused->end()), HasSubstr("<inline>"));
    Writer state;
    state.u8(0x53).str32(R"({"format": "keybench-state/1", "devices": []})");
    s.send_frame(state.body());
    EXPECT_EQ(s.status_of_next(), Status::kRejected);
    // Still answering on the same connection.
    s.send_frame(std::vector<uint8_t>{0x31});
    EXPECT_EQ(s.status_of_next(), Status::kOk);
  }
  {
    // Random frames, no hello: every one refused, none applied.
    std::mt19937 rng(15);
    RawSocket s(server.where());
    for (int i = 0; i < 300; ++i) {
      std::vector<uint8_t> body(1 + rng() % 40);
      for (auto& b : body) b = static_cast<uint8_t>(rng());
      if (body[0] == 0x01) body[0] = 0x02;
      s.send_frame(body);
      auto status = s.status_of_next();
      ASSERT_TRUE(status.has_value());
      EXPECT_NE(*status, Status::kOk);
    }
  }
  {
    RawSocket s(server.where());
    const uint8_t huge[4] = {0xFF, 0xFF, 0xFF, 0xFF};
    s.send(huge);
    EXPECT_EQ(s.status_of_next(), Status::kTooLarge);
    EXPECT_FALSE(s.read_frame().has_value());  // and closed
  }
  {
    // Unframed noise: the server reads a length, waits, and the client goes away.
    std::mt19937 rng(7);
    RawSocket s(server.where());
    std::vector<uint8_t> noise(3000);
    for (auto& b : noise) b = static_cast<uint8_t>(rng());
    s.send(noise);
  }
  EXPECT_TRUE(server.alive());
  EXPECT_EQ(connect(server.where())->snapshot_json(), before);
}

TEST_F(RemoteServer, ADisconnectAtAnyByteOfARequestLeavesTheBenchAsItWas) {
  ServerProcess server(unix_args());
  ASSERT_FALSE(server.where().empty());
  // An Echo command (STSAFE-A120 0x00) would change nothing; a power cycle and a sleep do.
  std::vector<std::vector<uint8_t>> requests;
  requests.push_back(Writer().u8(0x30).u64(12345).take());
  requests.push_back(Writer().u8(0x42).take());
  requests.push_back(Writer().u8(0x10).u8(0x20).blob16(std::vector<uint8_t>{0x00, 0x01, 0x02, 0xAA, 0xBB}).take());
  for (const auto& body : requests) {
    const std::vector<uint8_t> whole = hal::remote::frame(body);
    for (size_t cut = 0; cut < whole.size(); ++cut) {
      const std::string before = connect(server.where())->snapshot_json();
      {
        RawSocket s(server.where());
        s.hello();
        ASSERT_EQ(s.status_of_next(), Status::kOk);
        s.send(std::span<const uint8_t>(whole).first(cut));
      }
      // A later request on a new connection is served after the cut one's connection closed.
      EXPECT_EQ(connect(server.where())->snapshot_json(), before) << "cut at byte " << cut;
    }
  }
  // The whole request sent, the client gone before reading the answer: applied once.
  const uint64_t t0 = connect(server.where())->now_ns();
  {
    RawSocket s(server.where());
    s.hello();
    ASSERT_EQ(s.status_of_next(), Status::kOk);
    s.send(hal::remote::frame(requests[0]));
  }
  // Served on its own connection, so possibly after the next client's first request: wait for it.
  uint64_t now = t0;
  for (int i = 0; i < 200 && now < t0 + 12345; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    now = connect(server.where())->now_ns();
  }
  EXPECT_EQ(now, t0 + 12345);
  EXPECT_TRUE(server.alive());
}

TEST_F(RemoteServer, TheControlChannelInjectsFaultsSnapshotsAndRestores) {
  ServerProcess server(unix_args());
  ASSERT_FALSE(server.where().empty());
  auto control = connect(server.where());
  const std::string fresh = control->snapshot_json();
  control->load_fault_plan(read(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/faults/host-key-write-power-cut.json"));
  hal::host::CaptureConsole console;
  auto app = open("remote:" + server.where(), console);
  FlowResult r = run_host_key(*app, console);
  EXPECT_FALSE(r.ok) << r.transcript;
  const auto trace = nlohmann::json::parse(control->fault_trace_json());
  ASSERT_EQ(trace.size(), 1u);
  EXPECT_EQ(trace[0]["action"], "power_cut");
  EXPECT_TRUE(control->power(Op::kPowerOn));
  control->load_fault_plan("");
  EXPECT_EQ(control->fault_trace_json(), "[]");
  // Back to the fresh chip, then the flow passes.
  control->restore_json(fresh);
  hal::host::CaptureConsole console2;
  auto again = open("remote:" + server.where(), console2);
  FlowResult r2 = run_host_key(*again, console2);
  EXPECT_TRUE(r2.ok) << r2.transcript;
}

TEST_F(RemoteServer, ClientsOverTheLimitAreToldBusy) {
  std::vector<std::string> args = unix_args();
  args.push_back("--max-clients");
  args.push_back("1");
  ServerProcess server(args);
  ASSERT_FALSE(server.where().empty());
  auto first = connect(server.where());
  try {
    connect(server.where());
    ADD_FAILURE() << "a second client was served";
  } catch (const RemoteError& e) {
    EXPECT_EQ(e.status(), Status::kBusy);
  }
  first.reset();
  // The slot is free again once the first has gone (the server notices the close first).
  bool served = false;
  for (int i = 0; i < 100 && !served; ++i) {
    try {
      connect(server.where());
      served = true;
    } catch (const RemoteError&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  EXPECT_TRUE(served);
}

TEST_F(RemoteServer, AnIdleClientIsDisconnectedAndAHalfSentRequestDiscarded) {
  std::vector<std::string> args = unix_args();
  args.push_back("--idle-timeout");
  args.push_back("0.2");
  ServerProcess server(args);
  ASSERT_FALSE(server.where().empty());
  {
    // Silent after hello: answered first, then disconnected (read_frame sees the close, not its
    // own 10 s receive timeout, well before then).
    RawSocket s(server.where());
    ASSERT_TRUE(s.ok());
    s.hello();
    EXPECT_EQ(s.status_of_next(), Status::kOk);
    EXPECT_TRUE(s.closed_by_server());
  }
  auto observer = connect(server.where());
  const uint64_t before = observer->now_ns();
  {
    // Stops mid-frame: a sleep request missing its last byte is dropped, never applied.
    RawSocket s(server.where());
    ASSERT_TRUE(s.ok());
    s.hello();
    ASSERT_EQ(s.status_of_next(), Status::kOk);
    Writer w;
    w.u8(static_cast<uint8_t>(Op::kSleep)).u64(1000000);
    std::vector<uint8_t> framed = hal::remote::frame(w.body());
    framed.pop_back();
    s.send(framed);
    EXPECT_TRUE(s.closed_by_server());
  }
  // The observer was idle past the timeout too: a fresh client sees the clock unmoved.
  auto fresh = connect(server.where());
  EXPECT_EQ(fresh->now_ns(), before);
  EXPECT_TRUE(server.alive());
}

TEST_F(RemoteServer, TheIdleTimeoutIsZeroToDisableAndBadValuesAreRefused) {
  std::vector<std::string> args = unix_args();
  args.push_back("--idle-timeout");
  args.push_back("0");
  ServerProcess server(args);
  ASSERT_FALSE(server.where().empty());
  {
    // 0 disables: a client idle for a while is still served.
    auto client = connect(server.where());
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_GT(client->rate_hz(), 0u);
  }
  for (const char* bad : {"-1", "abc", "1e3", "nan", "", "0.0000001", "90000"}) {
    CliOutcome o =
        run_keybench(std::string("serve --listen unix:") + path("bad.sock") + " --idle-timeout '" + bad + "'");
    EXPECT_EQ(o.exit_code, 2) << bad << ": " << o.out;
    EXPECT_THAT(o.out, HasSubstr("--idle-timeout")) << bad;
  }
}

TEST_F(RemoteServer, DeviceAuthenticationTakesTheServedBenchCaWithoutDashDashCa) {
  ServerProcess server(unix_args());
  ASSERT_FALSE(server.where().empty());
  CliOutcome pem_local = run_keybench("bench export-ca", false);
  ASSERT_EQ(pem_local.exit_code, 0) << pem_local.out;
  CliOutcome pem = run_keybench("bench export-ca --target remote:" + server.where(), false);
  EXPECT_EQ(pem.exit_code, 0) << pem.out;
  EXPECT_EQ(pem.out, pem_local.out);
  EXPECT_THAT(pem.out, HasSubstr("-----BEGIN CERTIFICATE-----"));
  CliOutcome run = run_keybench("run device-authentication --target remote:" + server.where());
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_THAT(run.out, HasSubstr("[keybench] device-authentication: PASS"));
}

TEST_F(RemoteServer, ABenchWithoutAnStsafeAnswersTheCaRequestWithAClearError) {
  ServerProcess server(unix_args("atecc608a-factory.json"));
  ASSERT_FALSE(server.where().empty());
  auto client = connect(server.where());
  try {
    (void)client->bench_ca_der();
    ADD_FAILURE() << "a CA from a bench with no STSAFE-A120";
  } catch (const RemoteError& e) {
    EXPECT_EQ(e.status(), Status::kUnsupported);
    EXPECT_THAT(e.what(), HasSubstr("no STSAFE-A120"));
  }
  // The connection stays usable.
  EXPECT_GT(client->rate_hz(), 0u);
  CliOutcome pem = run_keybench("bench export-ca --target remote:" + server.where());
  EXPECT_EQ(pem.exit_code, 1) << pem.out;
  EXPECT_THAT(pem.out, HasSubstr("no STSAFE-A120"));
  EXPECT_THAT(pem.out, Not(HasSubstr("BEGIN CERTIFICATE")));
}

TEST_F(RemoteServer, SigtermSavesNothingWithoutStateAndSavesAtomicallyWithIt) {
  {
    ServerProcess server(unix_args());
    ASSERT_FALSE(server.where().empty());
    connect(server.where())->sleep_ns(1);
    EXPECT_EQ(server.stop(), 0);
    // Only the (removed) socket was ever here.
    EXPECT_TRUE(std::filesystem::is_empty(path("")));
  }
  const std::string state = path("chip.json");
  std::vector<std::string> args = unix_args();
  args.push_back("--state");
  args.push_back(state);
  {
    ServerProcess server(args);
    ASSERT_FALSE(server.where().empty());
    hal::host::CaptureConsole console;
    auto t = open("remote:" + server.where(), console);
    ASSERT_TRUE(run_host_key(*t, console).ok);
    EXPECT_EQ(server.stop(), 0);
  }
  struct stat st {};
  ASSERT_EQ(::stat(state.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const auto saved = nlohmann::json::parse(read(state));
  EXPECT_EQ(saved["format"], "keybench-state/1");
  EXPECT_TRUE(saved["devices"][0]["state"]["host_key"]["present"].get<bool>());
  // A new server starts from it: the second run finds the fields already set.
  ServerProcess again(args);
  ASSERT_FALSE(again.where().empty());
  hal::host::CaptureConsole console;
  auto t = open("remote:" + again.where(), console);
  FlowResult r = run_host_key(*t, console);
  EXPECT_TRUE(r.ok);
  EXPECT_THAT(r.transcript, HasSubstr("Host key provisioning control fields already set"));
}

// A C host stack's calls, unchanged, on a served bench: the same results, bytes, times and saved
// state as on an in-process one.
struct CAbiRun {
  std::vector<int> codes;
  std::vector<uint8_t> bytes;
  std::vector<uint64_t> times;
  std::vector<std::string> errors;
};

uint16_t crc16_x25(const std::vector<uint8_t>& p) {
  uint16_t crc = 0xFFFF;
  for (uint8_t b : p) {
    crc ^= b;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1u) ? static_cast<uint16_t>((crc >> 1) ^ 0x8408u) : crc >> 1;
  }
  return static_cast<uint16_t>(~crc);
}

CAbiRun drive(kb_bench* b, const std::string& save_to) {
  CAbiRun r;
  auto note = [&](int rc) {
    r.codes.push_back(rc);
    r.times.push_back(kb_now_ns(b));
    r.errors.emplace_back(kb_bench_last_error(b));
  };
  std::vector<uint8_t> echo = {0x00, 0xDE, 0xAD, 0xBE, 0xEF};  // Echo (0x00) and its data
  const uint16_t crc = crc16_x25(echo);
  echo.push_back(static_cast<uint8_t>(crc >> 8));
  echo.push_back(static_cast<uint8_t>(crc & 0xFF));
  note(kb_i2c_write(b, 0x20, echo.data(), echo.size()));
  uint8_t rsp[9] = {};
  for (int i = 0; i < 20; ++i) {
    kb_sleep_us(b, 1000);
    const int rc = kb_i2c_read(b, 0x20, rsp, sizeof rsp);
    note(rc);
    if (rc == KB_OK) break;
  }
  r.bytes.assign(rsp, rsp + sizeof rsp);
  note(kb_i2c_write(b, 0x21, nullptr, 0));  // nobody there
  uint8_t reg = 0x00;
  uint8_t two[2] = {};
  note(kb_i2c_write_read(b, 0x21, &reg, 1, two, sizeof two));
  note(kb_power_off(b));
  r.codes.push_back(kb_is_powered(b));
  note(kb_i2c_write(b, 0x20, echo.data(), echo.size()));
  note(kb_power_on(b));
  r.codes.push_back(kb_is_powered(b));
  note(kb_i2c_set_rate_hz(b, 100000));
  r.codes.push_back(static_cast<int>(kb_bus_rate_hz(b)));
  char err[256];
  note(kb_bench_load_fault_plan(b, R"({"format": "keybench-faults/1", "faults": [{"when": {}, "do": {}}]})", err,
                                sizeof err));
  note(kb_bench_load_fault_plan(
      b,
      R"({"format": "keybench-faults/1", "faults": [{"when": {"bus_transaction": 0}, "do": {"action": "address_nack"}}]})",
      err, sizeof err));
  note(kb_i2c_write(b, 0x20, echo.data(), echo.size()));
  char trace[4096];
  const size_t n = kb_bench_fault_trace_json(b, trace, sizeof trace);
  r.errors.emplace_back(trace, std::min(n, sizeof trace - 1));
  note(kb_bench_load_fault_plan(b, nullptr, err, sizeof err));
  note(kb_power_cycle(b));
  note(kb_bench_save(b, save_to.c_str()));
  note(kb_bench_load_state(b, save_to.c_str(), err, sizeof err));
  return r;
}

TEST_F(RemoteServer, TheCAbiOnAServedBenchBehavesAsOnAnInProcessOne) {
  char err[256];
  kb_bench* local = kb_bench_open(nullptr, err, sizeof err);
  ASSERT_NE(local, nullptr) << err;
  const CAbiRun in_process = drive(local, path("local.json"));
  kb_bench_close(local);

  ServerProcess server(unix_args());
  ASSERT_FALSE(server.where().empty());
  kb_bench* remote = kb_remote_open(("remote:" + server.where()).c_str(), nullptr, err, sizeof err);
  ASSERT_NE(remote, nullptr) << err;
  const CAbiRun served = drive(remote, path("remote.json"));
  EXPECT_EQ(served.codes, in_process.codes);
  EXPECT_EQ(served.bytes, in_process.bytes);
  EXPECT_EQ(served.times, in_process.times);
  EXPECT_EQ(served.errors.size(), in_process.errors.size());
  for (size_t i = 0; i < std::min(served.errors.size(), in_process.errors.size()); ++i) {
    // A refused plan's message comes from the server prefixed with the status.
    EXPECT_THAT(served.errors[i], HasSubstr(in_process.errors[i])) << i;
  }
  EXPECT_EQ(read(path("remote.json")), read(path("local.json")));
  EXPECT_EQ(in_process.codes.front(), KB_OK);
  EXPECT_THAT(in_process.codes, ::testing::Contains(KB_ERR_FAULT_PLAN));

  // Once the server is gone every call says so.
  EXPECT_EQ(server.stop(), 0);
  uint8_t byte = 0;
  EXPECT_EQ(kb_i2c_write(remote, 0x20, &byte, 1), KB_ERR_REMOTE);
  EXPECT_THAT(kb_bench_last_error(remote), HasSubstr("remote bench"));
  EXPECT_STREQ(kb_strerror(KB_ERR_REMOTE), "served bench unreachable or request refused");
  kb_bench_close(remote);
  EXPECT_EQ(kb_remote_open("unix:/nonexistent/kb.sock", nullptr, err, sizeof err), nullptr);
  EXPECT_THAT(err, HasSubstr("cannot connect"));
}

}  // namespace
}  // namespace kb::test
