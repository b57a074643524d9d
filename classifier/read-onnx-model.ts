import { onnx } from 'onnx-proto';
import type { LinearModel } from './linear-model.ts';

/** Reads an exported model's parameters back (tests and tooling only; onnx-proto stays out of the runtime). */
export function readOnnxModel(bytes: Uint8Array): { model: LinearModel; proto: onnx.ModelProto } {
  const proto = onnx.ModelProto.decode(bytes);
  const tensors = new Map(proto.graph!.initializer!.map((tensor) => [tensor.name!, tensor]));
  // A copy: protobufjs may hand out a Buffer view into the whole file, and Buffer#slice does not copy.
  const raw = (name: string) => new Uint8Array(tensors.get(name)!.rawData!).buffer;
  const weights = tensors.get('weights')!;
  const bags = proto.graph!.input!.filter((input) => input.name!.endsWith('_ids')).map((input) => input.name!.replace(/_ids$/, ''));
  const model: LinearModel = {
    buckets: Number(weights.dims![0]),
    idf: new Float32Array(raw('idf')),
    bagScales: Float32Array.from(bags.map((bag) => new Float32Array(raw(`${bag}_scale`))[0]!)),
    weights: Float32Array.from(new Float16Array(raw('weights'))),
    bias: new Float32Array(raw('bias')),
  };
  return { model, proto };
}

/** Re-encodes a model proto whose initializers were changed in place. */
export function writeOnnxModel(proto: onnx.ModelProto): Uint8Array {
  return onnx.ModelProto.encode(proto).finish();
}
