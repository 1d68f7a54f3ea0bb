"""Compiled kernels of the VOS layout: the reference optimizer, exactly or with Barnes-Hut.

The reference optimizer (CWTS networkanalysis, GradientDescentVOSLayoutAlgorithm) moves one
node at a time, in a fixed random order, by ``step * g / |g|``; a node's move depends on the
moves before it, so the passes cannot be vectorized across nodes and are compiled with numba.

Convention: the caller renumbers the nodes in sweep order, so a pass visits 0, 1, ..., N-1 and
the pairs whose quality term node k adds (those with nodes not yet visited, as in
networkanalysis) are the contiguous suffix k+1..N-1; no masks are needed and loops vectorize.

``optimize_exact`` is the reference algorithm pair for pair: a pass costs O(N^2 + L).

``optimize_barnes_hut`` replaces the all-pairs sums (repulsion and the edge weight increment
``e``) by a quadtree built from the positions at the start of each pass: a cell of width ``w``
whose centre of mass lies at distance ``d > w / theta`` from the node counts as one point
holding the cell's total weight (Barnes & Hut 1986). Leaves are summed exactly from the current
positions, and a cell that held the node itself is always opened. Its moves cost about
O(N log N + L) a pass; the step-size rule then compares the quality of the layout after each
pass (see :func:`optimize_barnes_hut`).

All kernels release the GIL so that random starts can run in threads.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_LEVELS = 20  # quadtree depth: Morton codes of 2 x 20 bits
_LEAF = 8  # a cell of at most this many points is summed point by point
EXACT_PASS_QUALITY_MAX_ITEMS = 20_000
_STACK = 4 * _LEVELS + 8
_TINY = 1e-30  # squared distances below count as 0 (coincident nodes)
_LOG_CHUNK = 16  # squared distances multiplied before one logarithm
_LOG_CLAMP = 1e18  # squared distances clamped to [1 / clamp, clamp] in that product


@njit(cache=True, nogil=True)
def _pow(base, exponent):
    """``base ** exponent`` for a small integer exponent (networkanalysis' FastMath.fastPow)."""
    if exponent == 0:
        return 1.0
    power = 1.0
    for _ in range(abs(exponent)):
        power *= base
    return power if exponent > 0 else 1.0 / power


@njit(cache=True, nogil=True)
def _f(distance, power, exponent):
    """``f_p(d) = d^p / p`` (``ln d`` for p = 0), given ``power = d^p``."""
    if exponent == 0:
        return np.log(distance)
    return power / exponent


@njit(cache=True, nogil=True)
def _attraction(k, x, y, indptr, indices, weights, attraction, counted_from):
    """Gradient of node ``k``'s link terms and the quality of its links to nodes >= counted_from."""
    gx = 0.0
    gy = 0.0
    quality = 0.0
    for pos in range(indptr[k], indptr[k + 1]):
        other = indices[pos]
        dx = x[k] - x[other]
        dy = y[k] - y[other]
        squared = dx * dx + dy * dy
        distance = np.sqrt(squared)
        power = _pow(distance, attraction)
        if squared > 0:
            b = weights[pos] * power / squared
            gx += b * dx
            gy += b * dy
        if other >= counted_from:
            quality += weights[pos] * _f(distance, power, attraction)
    return gx, gy, quality


@njit(cache=True, nogil=True, fastmath=True, error_model="numpy")
def _gradient_small(k, x, y, coefficients, exponent):
    """``sum_m c_m d^(p-2) (x_k - x_m, y_k - y_m)`` for p in {2, 1, 0, -1}.

    The exponent test is loop invariant and every case is branch free, so the loop vectorizes.
    Reciprocal square roots are taken in single precision, faster than in double: the terms are
    then exact to 1e-7, far below what moves the layout (a node moves by ``step`` along the
    gradient's direction).
    """
    gx = 0.0
    gy = 0.0
    xk = x[k]
    yk = y[k]
    one = np.float32(1.0)
    for m in range(x.shape[0]):
        dx = xk - x[m]
        dy = yk - y[m]
        squared = dx * dx + dy * dy
        if exponent == 2:
            b = coefficients[m]
        elif exponent == 1:
            inverse = np.float64(one / np.sqrt(np.float32(squared)))
            b = coefficients[m] * inverse if squared > _TINY else 0.0
        elif exponent == 0:
            b = coefficients[m] / squared if squared > _TINY else 0.0
        else:
            root = one / np.sqrt(np.float32(squared))
            b = coefficients[m] * np.float64(root * root * root) if squared > _TINY else 0.0
        gx += b * dx
        gy += b * dy
    return gx, gy


@njit(cache=True, nogil=True)
def _pair_gradient(k, x, y, coefficients, exponent):
    """The gradient of ``sum_m c_m f_p(d_km)`` with respect to node ``k``'s position."""
    if -1 <= exponent <= 2:
        return _gradient_small(k, x, y, coefficients, exponent)
    gx = 0.0
    gy = 0.0
    for m in range(x.shape[0]):
        dx = x[k] - x[m]
        dy = y[k] - y[m]
        squared = dx * dx + dy * dy
        if squared > 0:
            b = coefficients[m] * _pow(np.sqrt(squared), exponent) / squared
            gx += b * dx
            gy += b * dy
    return gx, gy


@njit(cache=True, nogil=True, fastmath=True)
def _log_distance_sum(k, x, y, start):
    """``sum_{m >= start} ln d_km`` with one logarithm per 16 distances.

    Squared distances are multiplied in chunks, each clamped to [1e-18, 1e18] so that a chunk
    can neither over- nor underflow (distances of 1e-9 or 1e9 never occur in a layout).
    """
    n = x.shape[0]
    xk = x[k]
    yk = y[k]
    total = 0.0
    for first in range(start, n, _LOG_CHUNK):
        product = 1.0
        xs = x[first : min(first + _LOG_CHUNK, n)]
        ys = y[first : min(first + _LOG_CHUNK, n)]
        for m in range(xs.shape[0]):
            dx = xk - xs[m]
            dy = yk - ys[m]
            product *= min(max(dx * dx + dy * dy, 1.0 / _LOG_CLAMP), _LOG_CLAMP)
        total += np.log(product)
    return total / 2


@njit(cache=True, nogil=True, fastmath=True)
def _quality_power(k, x, y, coefficients, start, exponent):
    """``sum_{m >= start} c_m f_p(d_km)`` for p in {2, 1} (branch free, so it vectorizes)."""
    quality = 0.0
    xk = x[k]
    yk = y[k]
    xs = x[start:]
    ys = y[start:]
    cs = coefficients[start:]
    for m in range(xs.shape[0]):
        dx = xk - xs[m]
        dy = yk - ys[m]
        squared = dx * dx + dy * dy
        if exponent == 2:
            quality += cs[m] * squared
        else:
            quality += cs[m] * np.sqrt(squared)
    return quality / exponent


@njit(cache=True, nogil=True)
def _pair_quality(k, x, y, coefficients, uniform, start, exponent):
    """``sum_{m >= start} c_m f_p(d_km)`` (``start > k``).

    ``uniform`` says that every ``c_m`` is the same (node weights 1), which lets the logarithms
    of ``p = 0`` be taken of products (:func:`_log_distance_sum`).
    """
    if exponent == 1 or exponent == 2:
        return _quality_power(k, x, y, coefficients, start, exponent)
    if exponent == 0 and uniform:
        return coefficients[k] * _log_distance_sum(k, x, y, start)
    quality = 0.0
    for m in range(start, x.shape[0]):
        dx = x[k] - x[m]
        dy = y[k] - y[m]
        squared = dx * dx + dy * dy
        if squared > 0:
            distance = np.sqrt(squared)
            quality += coefficients[m] * _f(distance, _pow(distance, exponent), exponent)
    return quality


@njit(cache=True, nogil=True)
def _all_pairs(k, x, y, node_weights, uniform, ones, attraction, repulsion, increment):
    """Exact repulsion and increment terms of node ``k``: full gradient, quality of m > k."""
    weight = node_weights[k]
    rx, ry = _pair_gradient(k, x, y, node_weights, repulsion)
    quality = -weight * _pair_quality(k, x, y, node_weights, uniform, k + 1, repulsion)
    gx = -weight * rx
    gy = -weight * ry
    if increment > 0:
        ax, ay = _pair_gradient(k, x, y, ones, attraction)
        gx += increment * ax
        gy += increment * ay
        quality += increment * _pair_quality(k, x, y, ones, True, k + 1, attraction)
    return gx, gy, quality


@njit(cache=True, nogil=True)
def _next_step(step, quality, old_quality, improvements, reduction, required):
    """The step-size rule: grow after ``required`` improving passes, shrink after a bad one."""
    if quality < old_quality:
        improvements += 1
        if improvements >= required:
            return step / reduction, 0
        return step, improvements
    return step * reduction, 0


@njit(cache=True, nogil=True)
def _move(k, x, y, gx, gy, step):
    """Move node ``k`` by ``step`` against its gradient (not at all if the gradient is 0)."""
    length = np.sqrt(gx * gx + gy * gy)
    if length > 0:
        x[k] -= step * gx / length
        y[k] -= step * gy / length


@njit(cache=True, nogil=True)
def optimize_exact(
    x, y, indptr, indices, weights, node_weights,
    attraction, repulsion, increment, max_passes, step, min_step, reduction, required,
):  # fmt: skip
    """Run the reference optimizer in place on ``x``, ``y``; return the number of passes."""
    n = x.shape[0]
    ones = np.ones(n)
    uniform = np.all(node_weights == node_weights[0])
    quality = np.inf
    improvements = 0
    passes = 0
    while passes < max_passes and step >= min_step:
        old_quality = quality
        quality = 0.0
        for k in range(n):
            gx, gy, q = _attraction(k, x, y, indptr, indices, weights, attraction, k + 1)
            rx, ry, r = _all_pairs(
                k, x, y, node_weights, uniform, ones, attraction, repulsion, increment
            )
            quality += q + r
            _move(k, x, y, gx + rx, gy + ry, step)
        step, improvements = _next_step(
            step, quality, old_quality, improvements, reduction, required
        )
        passes += 1
    return passes


@njit(cache=True, nogil=True)
def exact_quality(x, y, indptr, indices, weights, node_weights, attraction, repulsion, increment):
    """The VOS quality ``Q`` of a layout, every pair once."""
    n = x.shape[0]
    ones = np.ones(n)
    uniform = np.all(node_weights == node_weights[0])
    quality = 0.0
    for k in range(n):
        quality += _attraction(k, x, y, indptr, indices, weights, attraction, k + 1)[2]
        quality -= node_weights[k] * _pair_quality(k, x, y, node_weights, uniform, k + 1, repulsion)
        if increment > 0:
            quality += increment * _pair_quality(k, x, y, ones, True, k + 1, attraction)
    return quality


@njit(cache=True, nogil=True, fastmath=True)
def average_distance(x, y):
    """Average Euclidean distance over all pairs of points."""
    n = x.shape[0]
    total = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            dx = x[i] - x[j]
            dy = y[i] - y[j]
            total += np.sqrt(dx * dx + dy * dy)
    return total / (n * (n - 1) / 2)


# ---------------------------------------------------------------- Barnes-Hut quadtree


@njit(cache=True, nogil=True)
def _morton(x, y):
    """Sort order of the points along a Z curve, their codes and the bounding square."""
    x0 = x.min()
    y0 = y.min()
    width = max(x.max() - x0, y.max() - y0) * (1 + 1e-9) + 1e-300
    cells = 1 << _LEVELS
    codes = np.empty(x.shape[0], dtype=np.int64)
    for i in range(x.shape[0]):
        qx = min(int((x[i] - x0) / width * cells), cells - 1)
        qy = min(int((y[i] - y0) / width * cells), cells - 1)
        code = 0
        for bit in range(_LEVELS):
            code |= ((qx >> bit) & 1) << (2 * bit)
            code |= ((qy >> bit) & 1) << (2 * bit + 1)
        codes[i] = code
    perm = np.argsort(codes, kind="mergesort")
    return perm, codes[perm], width


@njit(cache=True, nogil=True)
def _digit(code, level):
    """The quadrant (0..3) of a Morton code at tree depth ``level``."""
    return (code >> (2 * (_LEVELS - 1 - level))) & 3


@njit(cache=True, nogil=True)
def _build_tree(codes):
    """Cells as ranges of the sorted points: (lo, hi, level, first child, n children).

    A cell whose points all share the next quadrant is deepened in place, so every internal
    cell has 2 to 4 children and there are fewer than 2N cells.
    """
    n = codes.shape[0]
    lo = np.empty(2 * n, dtype=np.int64)
    hi = np.empty(2 * n, dtype=np.int64)
    level = np.empty(2 * n, dtype=np.int64)
    first = np.full(2 * n, -1, dtype=np.int64)
    count = np.zeros(2 * n, dtype=np.int64)
    lo[0], hi[0], level[0] = 0, n, 0
    cells = 1
    todo = 0
    while todo < cells:  # cells are appended breadth first, children contiguously
        a, b, depth = lo[todo], hi[todo], level[todo]
        while (
            b - a > _LEAF
            and depth < _LEVELS
            and _digit(codes[a], depth) == _digit(codes[b - 1], depth)
        ):
            depth += 1
        level[todo] = depth
        if b - a > _LEAF and depth < _LEVELS:
            first[todo] = cells
            start = a
            while start < b:
                digit = _digit(codes[start], depth)
                end = start + 1
                while end < b and _digit(codes[end], depth) == digit:
                    end += 1
                lo[cells], hi[cells], level[cells] = start, end, depth + 1
                cells += 1
                count[todo] += 1
                start = end
        todo += 1
    return lo[:cells], hi[:cells], level[:cells], first[:cells], count[:cells]


@njit(cache=True, nogil=True)
def _prefix(values, perm):
    """Prefix sums of ``values`` in the sorted order ``perm`` (length N + 1)."""
    out = np.zeros(perm.shape[0] + 1)
    for i in range(perm.shape[0]):
        out[i + 1] = out[i] + values[perm[i]]
    return out


@njit(cache=True, nogil=True)
def _tree(x, y, node_weights):
    """Quadtree of the current positions plus prefix sums of weights and weighted positions."""
    perm, codes, width = _morton(x, y)
    lo, hi, level, first, count = _build_tree(codes)
    rank = np.empty(perm.shape[0], dtype=np.int64)
    for i in range(perm.shape[0]):
        rank[perm[i]] = i
    ones = np.ones(x.shape[0])
    sums = np.empty((6, perm.shape[0] + 1))
    sums[0] = _prefix(node_weights, perm)
    sums[1] = _prefix(node_weights * x, perm)
    sums[2] = _prefix(node_weights * y, perm)
    sums[3] = _prefix(ones, perm)
    sums[4] = _prefix(x, perm)
    sums[5] = _prefix(y, perm)
    return perm, rank, width, lo, hi, level, first, count, sums


@njit(cache=True, nogil=True)
def _monopole(dx, dy, mass, exponent):
    """Gradient (gx, gy) and ``f`` value of ``mass`` points at offset (dx, dy)."""
    squared = dx * dx + dy * dy
    distance = np.sqrt(squared)
    power = _pow(distance, exponent)
    if squared <= 0:
        return 0.0, 0.0, 0.0
    b = mass * power / squared
    return b * dx, b * dy, mass * _f(distance, power, exponent)


@njit(cache=True, nogil=True)
def _far_field(
    k, x, y, node_weights, attraction, repulsion, increment, theta, tree, stack
):  # fmt: skip
    """Barnes-Hut repulsion and increment terms of node ``k`` (every other node, full sums)."""
    perm, rank, width, lo, hi, level, first, count, sums = tree
    theta2 = theta * theta
    weight = node_weights[k]
    gx = 0.0
    gy = 0.0
    quality = 0.0
    top = 1
    stack[0] = 0
    while top > 0:
        top -= 1
        cell = stack[top]
        a, b = lo[cell], hi[cell]
        if count[cell] == 0:  # leaf: exact, from current positions
            for t in range(a, b):
                other = perm[t]
                if other == k:
                    continue
                dx = x[k] - x[other]
                dy = y[k] - y[other]
                rx, ry, r = _monopole(dx, dy, weight * node_weights[other], repulsion)
                gx -= rx
                gy -= ry
                quality -= r
                if increment > 0:
                    ax, ay, q = _monopole(dx, dy, increment, attraction)
                    gx += ax
                    gy += ay
                    quality += q
            continue
        n_points = sums[3, b] - sums[3, a]
        cx = (sums[4, b] - sums[4, a]) / n_points
        cy = (sums[5, b] - sums[5, a]) / n_points
        dx = x[k] - cx
        dy = y[k] - cy
        size = width / (1 << level[cell])
        if not (a <= rank[k] < b) and size * size < theta2 * (dx * dx + dy * dy):
            mass = sums[0, b] - sums[0, a]
            if mass > 0:
                wx = x[k] - (sums[1, b] - sums[1, a]) / mass
                wy = y[k] - (sums[2, b] - sums[2, a]) / mass
                rx, ry, r = _monopole(wx, wy, weight * mass, repulsion)
                gx -= rx
                gy -= ry
                quality -= r
            if increment > 0:
                ax, ay, q = _monopole(dx, dy, increment * n_points, attraction)
                gx += ax
                gy += ay
                quality += q
            continue
        for child in range(first[cell], first[cell] + count[cell]):
            stack[top] = child
            top += 1
    return gx, gy, quality


@njit(cache=True, nogil=True)
def optimize_barnes_hut(
    x, y, indptr, indices, weights, node_weights,
    attraction, repulsion, increment, max_passes, step, min_step, reduction, required, theta,
):  # fmt: skip
    """The reference optimizer with Barnes-Hut all-pairs gradients; return the number of passes.

    The step-size rule compares the quality of the layout after each pass: exact up to
    ``EXACT_PASS_QUALITY_MAX_ITEMS`` items, else from the quadtree. (A quality summed during
    the pass from the approximate terms is too noisy: the step shrinks too early.)
    """
    n = x.shape[0]
    stack = np.empty(_STACK * 4, dtype=np.int64)
    quality = np.inf
    improvements = 0
    passes = 0
    while passes < max_passes and step >= min_step:
        old_quality = quality
        tree = _tree(x, y, node_weights)
        for k in range(n):
            gx, gy, _ = _attraction(k, x, y, indptr, indices, weights, attraction, n)
            rx, ry, _ = _far_field(
                k, x, y, node_weights, attraction, repulsion, increment, theta, tree, stack
            )
            _move(k, x, y, gx + rx, gy + ry, step)
        if n <= EXACT_PASS_QUALITY_MAX_ITEMS:
            quality = exact_quality(
                x, y, indptr, indices, weights, node_weights, attraction, repulsion, increment
            )
        else:
            quality = barnes_hut_quality(
                x, y, indptr, indices, weights, node_weights,
                attraction, repulsion, increment, theta,
            )  # fmt: skip
        step, improvements = _next_step(
            step, quality, old_quality, improvements, reduction, required
        )
        passes += 1
    return passes


@njit(cache=True, nogil=True)
def barnes_hut_quality(
    x, y, indptr, indices, weights, node_weights, attraction, repulsion, increment, theta
):  # fmt: skip
    """The VOS quality with Barnes-Hut all-pairs sums (for layouts too large for O(N^2))."""
    n = x.shape[0]
    stack = np.empty(_STACK * 4, dtype=np.int64)
    tree = _tree(x, y, node_weights)
    quality = 0.0
    for k in range(n):
        q = _attraction(k, x, y, indptr, indices, weights, attraction, 0)[2]
        r = _far_field(k, x, y, node_weights, attraction, repulsion, increment, theta, tree, stack)[
            2
        ]
        quality += (q + r) / 2
    return quality
