# cython: embedsignature=True
from cpython.exc cimport PyErr_CheckSignals
from libcpp.vector cimport vector
from libcpp.map cimport map, pair
from libcpp cimport bool
from libcpp.string cimport string
from math import ceil
import numpy as np
import sys
from tqdm import tqdm
cimport numpy as np
cimport cython

# Short names for unsigned integer types
ctypedef unsigned char _ann_uint8
ctypedef unsigned short _ann_uint16
ctypedef unsigned int _ann_uint32
ctypedef unsigned long _ann_uint64

import ANNarchy
from ANNarchy.cython_ext.Connector cimport LILConnectivity as LIL

cdef extern from "ANNarchy.hpp":

    # User-defined functions


    # User-defined constants


    # Data structures

    # Export Population 1 (pop1)
    cdef struct PopStruct1 :
        # Number of neurons
        int get_size()
        void set_size(int)
        # Maximum delay in steps
        int get_max_delay()
        void set_max_delay(int)
        void update_max_delay(int)
        # Activate/deactivate the population
        bool is_active()
        void set_active(bool)
        # Reset the population
        void reset()

        vector[int] refractory


        # Local attributes
        vector[int] get_local_attribute_all_int(string)
        int get_local_attribute_int(string, int)
        void set_local_attribute_all_int(string, vector[int])
        void set_local_attribute_int(string, int, int)

        # Local attributes
        vector[double] get_local_attribute_all_double(string)
        double get_local_attribute_double(string, int)
        void set_local_attribute_all_double(string, vector[double])
        void set_local_attribute_double(string, int, double)



        # Compute firing rate
        void compute_firing_rate(double window)


        # memory management
        long int size_in_bytes()
        void clear()




    # Monitors
    cdef cppclass Monitor:
        vector[int] ranks
        int period_
        int period_offset_
        long offset_


    # Population 1 (pop1) : Monitor
    cdef cppclass PopRecorder1 (Monitor):
        @staticmethod
        int create_instance(vector[int], int, int, long)
        @staticmethod
        PopRecorder1* get_instance(int)
        long int size_in_bytes()
        void clear()

        vector[vector[double]] I
        bool record_I

        vector[vector[double]] v
        bool record_v

        vector[vector[double]] u
        bool record_u

        vector[vector[double]] r
        bool record_r

        vector[vector[double]] g_exc
        bool record_g_exc

        vector[vector[double]] g_inh
        bool record_g_inh

        map[int, vector[long]] spike
        bool record_spike
        void clear_spike()


    # Instances

    PopStruct1 pop1


    # Methods
    void create_cpp_instances()
    void initialize(double)
    void destroy_cpp_instances()
    void setSeed(long, int, bool)
    void run(int nbSteps) nogil
    int run_until(int steps, vector[int] populations, bool or_and)
    void step()

    # Time
    long getTime()
    void setTime(long)

    # dt
    double getDt()
    void setDt(double dt_)


    # Number of threads
    void setNumberThreads(int, vector[int])


# Profiling (if needed)


# Population wrappers

# Wrapper for population 1 (pop1)
@cython.auto_pickle(True)
cdef class pop1_wrapper :

    def __init__(self, size, max_delay):

        pop1.set_size(size)
        pop1.set_max_delay(max_delay)
    # Number of neurons
    property size:
        def __get__(self):
            return pop1.get_size()
    # Reset the population
    def reset(self):
        pop1.reset()
    # Set the maximum delay of outgoing projections
    def set_max_delay(self, val):
        pop1.set_max_delay(val)
    # Updates the maximum delay of outgoing projections and rebuilds the arrays
    def update_max_delay(self, val):
        pop1.update_max_delay(val)
    # Allows the population to compute
    def activate(self, bool val):
        pop1.set_active(val)


    # Local Attribute
    def get_local_attribute_all(self, name, ctype):
        cpp_string = name.encode('utf-8')

        if ctype == "int":
            return np.array(pop1.get_local_attribute_all_int(cpp_string))

        if ctype == "double":
            return np.array(pop1.get_local_attribute_all_double(cpp_string))


    def get_local_attribute(self, name, rk, ctype):
        cpp_string = name.encode('utf-8')

        if ctype == "int":
            return pop1.get_local_attribute_int(cpp_string, rk)

        if ctype == "double":
            return pop1.get_local_attribute_double(cpp_string, rk)


    def set_local_attribute_all(self, name, value, ctype):
        cpp_string = name.encode('utf-8')

        if ctype == "int":
            pop1.set_local_attribute_all_int(cpp_string, value)

        if ctype == "double":
            pop1.set_local_attribute_all_double(cpp_string, value)


    def set_local_attribute(self, name, rk, value, ctype):
        cpp_string = name.encode('utf-8')

        if ctype == "int":
            pop1.set_local_attribute_int(cpp_string, rk, value)

        if ctype == "double":
            pop1.set_local_attribute_double(cpp_string, rk, value)




    # Refractory period
    cpdef np.ndarray get_refractory(self):
        return np.array(pop1.refractory)
    cpdef set_refractory(self, np.ndarray value):
        pop1.refractory = value


    # Compute firing rate
    cpdef compute_firing_rate(self, double window):
        pop1.compute_firing_rate(window)


    # memory management
    def size_in_bytes(self):
        return pop1.size_in_bytes()

    def clear(self):
        return pop1.clear()


# Projection wrappers


# Monitor wrappers

# Population Monitor wrapper
@cython.auto_pickle(True)
cdef class PopRecorder1_wrapper:
    cdef int id
    def __init__(self, list ranks, int period, period_offset, long offset):
        self.id = PopRecorder1.create_instance(ranks, period, period_offset, offset)

    def size_in_bytes(self):
        return (PopRecorder1.get_instance(self.id)).size_in_bytes()

    def clear(self):
        return (PopRecorder1.get_instance(self.id)).clear()

    property period:
        def __get__(self): return (PopRecorder1.get_instance(self.id)).period_
        def __set__(self, val): (PopRecorder1.get_instance(self.id)).period_ = val

    property period_offset:
        def __get__(self): return (PopRecorder1.get_instance(self.id)).period_offset_
        def __set__(self, val): (PopRecorder1.get_instance(self.id)).period_offset_ = val

    property I:
        def __get__(self): return (PopRecorder1.get_instance(self.id)).I
        def __set__(self, val): (PopRecorder1.get_instance(self.id)).I = val
    property record_I:
        def __get__(self): return (PopRecorder1.get_instance(self.id)).record_I
        def __set__(self, val): (PopRecorder1.get_instance(self.id)).record_I = val
    def clear_I(self):
        (PopRecorder1.get_instance(self.id)).I.clear()

    property v:
        def __get__(self): return (PopRecorder1.get_instance(self.id)).v
        def __set__(self, val): (PopRecorder1.get_instance(self.id)).v = val
    property record_v:
        def __get__(self): return (PopRecorder1.get_instance(self.id)).record_v
        def __set__(self, val): (PopRecorder1.get_instance(self.id)).record_v = val
    def clear_v(self):
        (PopRecorder1.get_instance(self.id)).v.clear()

    property u:
        def __get__(self): return (PopRecorder1.get_instance(self.id)).u
        def __set__(self, val): (PopRecorder1.get_instance(self.id)).u = val
    property record_u:
        def __get__(self): return (PopRecorder1.get_instance(self.id)).record_u
        def __set__(self, val): (PopRecorder1.get_instance(self.id)).record_u = val
    def clear_u(self):
        (PopRecorder1.get_instance(self.id)).u.clear()

    property r:
        def __get__(self): return (PopRecorder1.get_instance(self.id)).r
        def __set__(self, val): (PopRecorder1.get_instance(self.id)).r = val
    property record_r:
        def __get__(self): return (PopRecorder1.get_instance(self.id)).record_r
        def __set__(self, val): (PopRecorder1.get_instance(self.id)).record_r = val
    def clear_r(self):
        (PopRecorder1.get_instance(self.id)).r.clear()

    property g_exc:
        def __get__(self): return (PopRecorder1.get_instance(self.id)).g_exc
        def __set__(self, val): (PopRecorder1.get_instance(self.id)).g_exc = val
    property record_g_exc:
        def __get__(self): return (PopRecorder1.get_instance(self.id)).record_g_exc
        def __set__(self, val): (PopRecorder1.get_instance(self.id)).record_g_exc = val
    def clear_g_exc(self):
        (PopRecorder1.get_instance(self.id)).g_exc.clear()

    property g_inh:
        def __get__(self): return (PopRecorder1.get_instance(self.id)).g_inh
        def __set__(self, val): (PopRecorder1.get_instance(self.id)).g_inh = val
    property record_g_inh:
        def __get__(self): return (PopRecorder1.get_instance(self.id)).record_g_inh
        def __set__(self, val): (PopRecorder1.get_instance(self.id)).record_g_inh = val
    def clear_g_inh(self):
        (PopRecorder1.get_instance(self.id)).g_inh.clear()

    property spike:
        def __get__(self): return (PopRecorder1.get_instance(self.id)).spike
        def __set__(self, val): (PopRecorder1.get_instance(self.id)).spike = val
    property record_spike:
        def __get__(self): return (PopRecorder1.get_instance(self.id)).record_spike
        def __set__(self, val): (PopRecorder1.get_instance(self.id)).record_spike = val
    def clear_spike(self):
        (PopRecorder1.get_instance(self.id)).clear_spike()


# User-defined functions


# User-defined constants


# Initialize/Destroy the network
def pyx_create():
    create_cpp_instances()
def pyx_initialize(double dt):
    initialize(dt)
def pyx_destroy():
    destroy_cpp_instances()

# Simulation for the given number of steps
def pyx_run(int nb_steps, progress_bar):
    cdef int nb, rest
    cdef int batch = 1000
    if nb_steps < batch:
        with nogil:
            run(nb_steps)
    else:
        nb = int(nb_steps/batch)
        rest = nb_steps % batch

        if progress_bar:
            pbar = tqdm(total=nb_steps*getDt())
        for i in range(nb):
            with nogil:
                run(batch)
            PyErr_CheckSignals()
            if progress_bar:
                pbar.update(batch*getDt())
        if progress_bar:
            pbar.close()

        if rest > 0:
            run(rest)

# Simulation for the given number of steps except if a criterion is reached
def pyx_run_until(int nb_steps, list populations, bool mode):
    cdef int nb
    nb = run_until(nb_steps, populations, mode)
    return nb

# Simulate for one step
def pyx_step():
    step()

# Access time
def set_time(t):
    setTime(t)
def get_time():
    return getTime()

# Access dt
def set_dt(double dt):
    setDt(dt)
def get_dt():
    return getDt()


# Set number of threads
def set_number_threads(int n, core_list):
    setNumberThreads(n, core_list)


# Set seed
def set_seed(long seed, int num_sources, use_seed_seq):
    setSeed(seed, num_sources, use_seed_seq)
