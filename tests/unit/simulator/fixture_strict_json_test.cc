// Fixture, state and plan JSON: a key given twice and a number out of range are errors at a path.
#include "simulator/fixture/strict_json.h"

#include <gtest/gtest.h>

namespace kb::sim {
namespace {

FixtureError error_of(const std::string& text) {
  try {
    parse_json_strict(text, "f.json");
  } catch (const FixtureError& e) {
    return e;
  }
  return FixtureError("f.json", "", "accepted");
}

TEST(StrictJson, ParsesOrdinaryDocuments) {
  auto j = parse_json_strict(R"({"a": [1, {"b": true}], "c": "x"})", "f.json");
  EXPECT_EQ(j["a"][1]["b"], true);
  EXPECT_EQ(j["c"], "x");
}

TEST(StrictJson, DuplicateKeyIsAnErrorAtItsPath) {
  FixtureError e = error_of(R"({"devices": [{"name": "a"}, {"name": "b", "name": "c"}]})");
  EXPECT_EQ(e.path(), "$.devices[1].name");
  EXPECT_EQ(e.problem(), "key \"name\" given twice in one object");
}

TEST(StrictJson, SameKeyInSiblingObjectsIsFine) {
  EXPECT_NO_THROW(parse_json_strict(R"([{"k": 1}, {"k": 2}, {"k": {"k": 3}}])", "f.json"));
}

TEST(StrictJson, NumberOutOfRangeNamesFileAndPath) {
  FixtureError e = error_of(R"({"bus": {"rate_hz": 1e400}})");
  EXPECT_EQ(e.file(), "f.json");
  EXPECT_EQ(e.path(), "$.bus.rate_hz");
  EXPECT_NE(e.problem().find("not valid JSON"), std::string::npos) << e.problem();
}

TEST(StrictJson, SyntaxErrorInAnArrayNamesTheElement) {
  FixtureError e = error_of(R"({"faults": [{}, {}, {"when": ]}]})");
  EXPECT_EQ(e.path(), "$.faults[2].when");
}

TEST(StrictJson, InvalidUtf8IsAnError) {
  FixtureError e = error_of("{\"name\": \"\xff\xfe\"}");
  EXPECT_EQ(e.path(), "$.name");
  EXPECT_NE(e.problem().find("not valid JSON"), std::string::npos);
}

}  // namespace
}  // namespace kb::sim
