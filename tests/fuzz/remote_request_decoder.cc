// Fuzz target: the request handler of `keybench serve` (tools/server/bench_server.h) on arbitrary
// request bodies, as the socket loop hands them over one frame at a time.
// Input: a flag byte (bit 0: say a valid hello first), then records of `be16 length | body`.
// Oracle: every request gets a response whose first byte is a status of version 1; a response
// that refuses the request as malformed, too large, unknown, out of sequence, unauthorised or of
// a bad version leaves the bench exactly as it was (state and virtual time); the bench still
// saves its state at the end. Any exception escaping handle() counts as a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "tests/fuzz/fuzz_input.h"
#include "tools/server/bench_server.h"

namespace {

using kb::hal::remote::Status;

bool refused_before_acting(Status s) {
  switch (s) {
    case Status::kMalformed:
    case Status::kUnknownOp:
    case Status::kTooLarge:
    case Status::kUnauthorized:
    case Status::kBadVersion:
    case Status::kProtocolState:
    case Status::kNoSuchBench:
    case Status::kUnsupported:
    case Status::kRejected: return true;
    default: return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kb::fuzz::FuzzInput in(std::span<const uint8_t>(data, size));
  std::vector<std::unique_ptr<kb::tools::server::ServedBench>> benches;
  benches.push_back(std::make_unique<kb::tools::server::ServedBench>("default", kb::sim::Bench::make_default()));
  kb::tools::server::BenchServer server(std::move(benches), (in.byte() & 2) ? "token" : "");
  kb::sim::Bench& bench = *server.bench(0).bench;
  kb::tools::server::Session session;
  if (size > 0 && (data[0] & 1)) {
    kb::hal::remote::Writer hello;
    hello.u8(0x01).u32(kb::hal::remote::kMagic).u16(kb::hal::remote::kVersion).str16((data[0] & 2) ? "token" : "");
    hello.str16("");
    const std::vector<uint8_t> r = server.handle(session, hello.body());
    if (r.empty() || r[0] != 0) std::abort();
  }
  for (int i = 0; i < 64 && !in.empty(); ++i) {
    const std::span<const uint8_t> body = in.record();
    const nlohmann::json before = bench.save_state();
    const std::vector<uint8_t> response = server.handle(session, body);
    if (response.empty() || response[0] > static_cast<uint8_t>(Status::kProtocolState)) std::abort();
    if (refused_before_acting(static_cast<Status>(response[0])) && bench.save_state() != before) std::abort();
    if (session.close_after_response) break;
  }
  (void)bench.save_state().dump();
  return 0;
}
