global using Sluice.Tensors.Execution;
global using Sluice.Tensors.Ir;
