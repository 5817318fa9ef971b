package dev.brickyard.tools.train;

/**
 * Multinomial logistic regression with L2 regularisation, fitted by full-batch Adam from zero weights, so the same
 * data always gives the same weights. Features are scaled by {@code sqrt(dim)} during fitting (unit-length
 * embeddings have tiny components) and the scale is folded back into the weights, so the result applies to the
 * raw embeddings: {@code probabilities = softmax(x W + b)}.
 */
public final class SoftmaxRegression {
    /**
     * Fitting settings.
     *
     * @param epochs full passes over the data
     * @param learningRate Adam's step size
     * @param l2 weight of the L2 penalty on W
     */
    public record Settings(int epochs, double learningRate, double l2) {
        public static final Settings DEFAULT = new Settings(400, 0.05, 1e-2);
    }

    /** Fitted weights: {@code weights[dim][classes]}, {@code bias[classes]}. */
    public record Model(float[][] weights, float[] bias) {
        /** The class scores before the softmax, {@code x W + b}, for one input. */
        public double[] logits(float[] x) {
            int classes = bias.length;
            double[] logits = new double[classes];
            for (int k = 0; k < classes; k++) {
                logits[k] = bias[k];
            }
            for (int d = 0; d < x.length; d++) {
                for (int k = 0; k < classes; k++) {
                    logits[k] += x[d] * weights[d][k];
                }
            }
            return logits;
        }

        /** Class probabilities for one input. */
        public double[] probabilities(float[] x) {
            double[] logits = logits(x);
            softmaxInPlace(logits);
            return logits;
        }

        /**
         * The same model with its weights and bias divided by {@code temperature}: its logits are divided by it, so
         * it answers the same class with probabilities {@code softmax(logits / temperature)}.
         */
        public Model withTemperature(double temperature) {
            float[][] scaledWeights = new float[weights.length][];
            for (int d = 0; d < weights.length; d++) {
                scaledWeights[d] = new float[weights[d].length];
                for (int k = 0; k < weights[d].length; k++) {
                    scaledWeights[d][k] = (float) (weights[d][k] / temperature);
                }
            }
            float[] scaledBias = new float[bias.length];
            for (int k = 0; k < bias.length; k++) {
                scaledBias[k] = (float) (bias[k] / temperature);
            }
            return new Model(scaledWeights, scaledBias);
        }

        /** The most probable class. */
        public int predict(float[] x) {
            double[] p = probabilities(x);
            int best = 0;
            for (int k = 1; k < p.length; k++) {
                if (p[k] > p[best]) {
                    best = k;
                }
            }
            return best;
        }
    }

    private SoftmaxRegression() {
    }

    /**
     * Fits the model.
     *
     * @param x one row per example
     * @param y the class index of each example
     * @param classes number of classes
     */
    public static Model fit(float[][] x, int[] y, int classes, Settings settings) {
        int n = x.length;
        int dim = x[0].length;
        double scale = Math.sqrt(dim);
        double[][] w = new double[dim][classes];
        double[] b = new double[classes];
        double[][] mW = new double[dim][classes];
        double[][] vW = new double[dim][classes];
        double[] mB = new double[classes];
        double[] vB = new double[classes];
        double beta1 = 0.9;
        double beta2 = 0.999;
        double epsilon = 1e-8;
        double[] logits = new double[classes];
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            double[][] gW = new double[dim][classes];
            double[] gB = new double[classes];
            for (int i = 0; i < n; i++) {
                float[] row = x[i];
                System.arraycopy(b, 0, logits, 0, classes);
                for (int d = 0; d < dim; d++) {
                    double feature = row[d] * scale;
                    for (int k = 0; k < classes; k++) {
                        logits[k] += feature * w[d][k];
                    }
                }
                softmaxInPlace(logits);
                logits[y[i]] -= 1;
                for (int k = 0; k < classes; k++) {
                    gB[k] += logits[k] / n;
                }
                for (int d = 0; d < dim; d++) {
                    double feature = row[d] * scale / n;
                    for (int k = 0; k < classes; k++) {
                        gW[d][k] += feature * logits[k];
                    }
                }
            }
            double correction1 = 1 - Math.pow(beta1, epoch);
            double correction2 = 1 - Math.pow(beta2, epoch);
            for (int d = 0; d < dim; d++) {
                for (int k = 0; k < classes; k++) {
                    double g = gW[d][k] + settings.l2() * w[d][k];
                    mW[d][k] = beta1 * mW[d][k] + (1 - beta1) * g;
                    vW[d][k] = beta2 * vW[d][k] + (1 - beta2) * g * g;
                    w[d][k] -= settings.learningRate() * (mW[d][k] / correction1)
                            / (Math.sqrt(vW[d][k] / correction2) + epsilon);
                }
            }
            for (int k = 0; k < classes; k++) {
                mB[k] = beta1 * mB[k] + (1 - beta1) * gB[k];
                vB[k] = beta2 * vB[k] + (1 - beta2) * gB[k] * gB[k];
                b[k] -= settings.learningRate() * (mB[k] / correction1) / (Math.sqrt(vB[k] / correction2) + epsilon);
            }
        }
        float[][] weights = new float[dim][classes];
        float[] bias = new float[classes];
        for (int d = 0; d < dim; d++) {
            for (int k = 0; k < classes; k++) {
                weights[d][k] = (float) (w[d][k] * scale);
            }
        }
        for (int k = 0; k < classes; k++) {
            bias[k] = (float) b[k];
        }
        return new Model(weights, bias);
    }

    public static void softmaxInPlace(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double logit : logits) {
            max = Math.max(max, logit);
        }
        double sum = 0;
        for (int k = 0; k < logits.length; k++) {
            logits[k] = Math.exp(logits[k] - max);
            sum += logits[k];
        }
        for (int k = 0; k < logits.length; k++) {
            logits[k] /= sum;
        }
    }
}
