// The message types, generated from proto/ by build.mjs (src/gen/ is never edited or
// committed). Everything else imports them from here.
export * from "../gen/parley/v1/engine_pb";
export * from "../gen/parley/v1/protocol_pb";
export * from "../gen/parley/v1/scenario_pb";
export { create, fromBinary, toBinary, fromJson, clone } from "@bufbuild/protobuf";
export type { MessageInitShape } from "@bufbuild/protobuf";
