import { onnx } from 'onnx-proto';
import { type FastTextModel, HEADS } from './fasttext-model.ts';

/**
 * Writes the model as an ONNX graph (opset 13, IR 8): Gather → ReduceMean for each bag of ids,
 * Concat, an optional MatMul → Add → Relu layer, then per head MatMul → Add → Softmax. Batch size is one request, so ReduceMean averages no padding. Build-time only:
 * onnx-proto (protobufjs) never enters the runtime bundle.
 * @see ../../shared/RUNTIME-NOTES.md "Making and running the ONNX model"
 */
/** Graph input names, one per bag of ids (`text_ids`, `structure_ids`[, `subwords_ids`]). */
export function inputNames(bags: readonly string[]): string[] {
  return bags.map((bag) => `${bag}_ids`);
}

function floatTensor(name: string, dims: number[], values: Float32Array): onnx.ITensorProto {
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
}

function tensorInfo(name: string, elemType: number, dim: onnx.TensorShapeProto.IDimension[]): onnx.IValueInfoProto {
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

export function exportOnnx(model: FastTextModel, name: string, inputs: readonly string[] = inputNames(['text', 'structure', 'subwords'].slice(0, model.bags))): Uint8Array {
  const meanOf = (input: string): onnx.INodeProto[] => [
    { opType: 'Gather', input: ['embedding', input], output: [`${input}_rows`], name: `${input}_gather`, attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] },
    {
      opType: 'ReduceMean',
      input: [`${input}_rows`],
      output: [`${input}_mean`],
      name: `${input}_reduce_mean`,
      attribute: [
        { name: 'axes', type: onnx.AttributeProto.AttributeType.INTS, ints: [0] },
        { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 1 },
      ],
    },
  ];
  const nodes: onnx.INodeProto[] = [
    ...inputs.flatMap(meanOf),
    { opType: 'Concat', input: inputs.map((input) => `${input}_mean`), output: ['hidden'], name: 'concat', attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }] },
  ];
  const initializers = [floatTensor('embedding', [model.buckets, model.dimension], model.embedding)];
  let features = 'hidden';
  if (model.layer) {
    initializers.push(floatTensor('layer_weights', [model.bags * model.dimension, model.layer.units], model.layer.weights), floatTensor('layer_bias', [model.layer.units], model.layer.bias));
    nodes.push(
      { opType: 'MatMul', input: ['hidden', 'layer_weights'], output: ['layer_product'], name: 'layer_matmul' },
      { opType: 'Add', input: ['layer_product', 'layer_bias'], output: ['layer_sum'], name: 'layer_add' },
      { opType: 'Relu', input: ['layer_sum'], output: ['layer_output'], name: 'layer_relu' },
    );
    features = 'layer_output';
  }
  const headInputs = model.layer ? model.layer.units : model.bags * model.dimension;
  const outputs: onnx.IValueInfoProto[] = [];
  HEADS.forEach((head, index) => {
    const classes = head.labels.length;
    initializers.push(floatTensor(`${head.name}_weights`, [headInputs, classes], model.weights[index]!));
    initializers.push(floatTensor(`${head.name}_bias`, [classes], model.biases[index]!));
    nodes.push(
      { opType: 'MatMul', input: [features, `${head.name}_weights`], output: [`${head.name}_product`], name: `${head.name}_matmul` },
      { opType: 'Add', input: [`${head.name}_product`, `${head.name}_bias`], output: [`${head.name}_logits`], name: `${head.name}_add` },
      { opType: 'Softmax', input: [`${head.name}_logits`], output: [head.output], name: `${head.name}_softmax`, attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 }] },
    );
    outputs.push(tensorInfo(head.output, onnx.TensorProto.DataType.FLOAT, [{ dimValue: 1 }, { dimValue: classes }]));
  });
  const graph: onnx.IGraphProto = {
    name,
    node: nodes,
    initializer: initializers,
    input: inputs.map((input) => tensorInfo(input, onnx.TensorProto.DataType.INT32, [{ dimParam: `${input}_count` }])),
    output: outputs,
  };
  const modelProto = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 13 }], producerName: 'coderouter classifier/train.ts', graph });
  return onnx.ModelProto.encode(modelProto).finish();
}
