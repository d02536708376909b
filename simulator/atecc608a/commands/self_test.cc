// SelfTest (0x77, fact sheet B6.2): runs the requested built-in tests (0x01 RNG, 0x02 ECDSA, 0x08
// ECDH, 0x10 AES, 0x20 SHA; 0x3B all) and answers a one-byte result, 0x00 when all passed, else
// the bits of the tests that failed. A failure enters failure mode (every other command answers
// 0x07) until the failed tests pass a rerun.
#include "simulator/atecc608a/commands/handlers.h"

namespace kb::sim::atecc608a {

namespace {
// cryptoauthlib's SELFTEST_MODE_* bits; the fact sheet's "0x04 ECDSA" contradicts its own 0x3B.
constexpr uint8_t kAllTests = 0x3B;
}  // namespace

Reply run_self_test(CommandContext& context, const CommandPacket& packet) {
  const uint8_t tests = packet.param1;
  if (tests == 0 || (tests & ~kAllTests) != 0 || packet.param2 != 0 || !packet.data.empty()) {
    return Reply::status(Status::kParseError);
  }
  // The model's circuits work unless a fault broke them.
  const uint8_t failed = tests & context.latches.broken_self_tests;
  // Failure mode lasts until every test that failed has passed a rerun.
  uint8_t& failure_mode = context.latches.failed_self_tests;
  failure_mode = static_cast<uint8_t>((failure_mode & ~tests) | failed);
  return Reply{{failed}};
}

}  // namespace kb::sim::atecc608a
